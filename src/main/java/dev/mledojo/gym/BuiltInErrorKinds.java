package dev.mledojo.gym;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Outcome;

/**
 * The error kinds the environment knows out of the box: mistakes in a request, sandbox limits, Python exceptions
 * and submission problems. Each is its own bean (a producer method), so a deployment can add kinds the same way.
 */
@ApplicationScoped
public class BuiltInErrorKinds {

    /** A kind defined by data: name, causes, and an optional way to recognise it in a failed run. */
    public record Kind(String name, String likelyCauses, int priority, Outcome outcome, Pattern exception)
            implements ErrorKind {

        /** A kind that is only raised explicitly (never recognised in a run). */
        static Kind explicit(String name, String causes) {
            return new Kind(name, causes, 1000, null, null);
        }

        static Kind limit(String name, Outcome outcome, String causes) {
            return new Kind(name, causes, 10, outcome, null);
        }

        static Kind python(String name, String exceptionPattern, String causes) {
            return new Kind(name, causes, 50, null,
                    Pattern.compile("^(?:" + exceptionPattern + ")(?::\\s*(.*))?$", Pattern.MULTILINE));
        }

        @Override
        public Optional<String> recognise(ExecutionResult run) {
            if (outcome != null) {
                return run.outcome() == outcome
                        ? Optional.of(run.limitHit() == null ? name.replace('_', ' ') : "limit reached: " + run.limitHit())
                        : Optional.empty();
            }
            if (exception == null || run.outcome() != Outcome.ERROR || run.stderr() == null) {
                return Optional.empty();
            }
            Matcher m = exception.matcher(run.stderr());
            String last = null;
            while (m.find()) {
                last = m.group(0);
            }
            return Optional.ofNullable(last);
        }
    }

    // ---- request problems ------------------------------------------------------------------------------------------

    @Produces
    @ApplicationScoped
    ErrorKind unknownAction() {
        return Kind.explicit("unknown_action", "The action name is misspelt or not offered by this environment; the "
                + "error lists the actions available.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind invalidParams() {
        return Kind.explicit("invalid_params", "A parameter is missing, has the wrong type, or has a value the action "
                + "does not accept; the message names it.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind unknownInfoType() {
        return Kind.explicit("unknown_info_type", "request_info was asked for a type it does not know; use one of the "
                + "types listed in the error.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind codeTooLarge() {
        return Kind.explicit("code_too_large", "The code is longer than the environment accepts; move data into files "
                + "under /workspace instead of inlining it.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind syntaxError() {
        return Kind.explicit("syntax_error", "The code is not valid Python 3: check the line and column given, "
                + "indentation, brackets and quotes.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind sandboxError() {
        return Kind.explicit("sandbox_error", "The platform could not start the sandbox; this is not caused by your "
                + "code. Retry later.");
    }

    // ---- submission problems ---------------------------------------------------------------------------------------

    @Produces
    @ApplicationScoped
    ErrorKind submissionMissing() {
        return Kind.explicit("submission_missing", "The code ran but did not write the submission file; write it to "
                + "/workspace under the name the task asks for (request_info output_path).");
    }

    @Produces
    @ApplicationScoped
    ErrorKind invalidSubmission() {
        return Kind.explicit("invalid_submission", "The submission file does not match the task's format: compare it "
                + "with sample_submission.csv (columns, one row per test id, numeric values).");
    }

    @Produces
    @ApplicationScoped
    ErrorKind evaluationFailed() {
        return Kind.explicit("evaluation_failed", "The metric could not evaluate the predictions (for example NaN "
                + "values or labels of the wrong type).");
    }

    // ---- sandbox limits ------------------------------------------------------------------------------------------

    @Produces
    @ApplicationScoped
    ErrorKind wallTime() {
        return Kind.limit("wall_time_limit", Outcome.WALL_TIME_LIMIT, "The code ran longer than allowed: train on a "
                + "sample, use fewer iterations or a faster model, avoid waiting on input.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind cpuTime() {
        return Kind.limit("cpu_time_limit", Outcome.CPU_TIME_LIMIT, "The code used more CPU time than allowed: reduce "
                + "the model size, the data or the number of iterations.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind memory() {
        return Kind.limit("memory_limit", Outcome.MEMORY_LIMIT, "The code needed more memory than allowed: read "
                + "fewer columns, use smaller dtypes, process the data in chunks.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind processes() {
        return Kind.limit("process_limit", Outcome.PROCESS_LIMIT, "The code started too many processes or threads: "
                + "lower n_jobs or the number of workers.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind fileSize() {
        return Kind.limit("file_size_limit", Outcome.FILE_SIZE_LIMIT, "A file grew larger than allowed: write less "
                + "data, or compress it.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind disk() {
        return Kind.limit("disk_limit", Outcome.DISK_LIMIT, "The workspace grew larger than allowed (its size or "
                + "its number of files and folders): delete intermediate files, keep only what you need; reset "
                + "empties it.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind output() {
        return Kind.limit("output_limit", Outcome.OUTPUT_LIMIT, "The code printed more than allowed: print summaries, "
                + "not whole tables.");
    }

    // ---- Python exceptions -----------------------------------------------------------------------------------------

    @Produces
    @ApplicationScoped
    ErrorKind moduleNotFound() {
        return Kind.python("module_not_found", "ModuleNotFoundError|ImportError", "The package is not installed in "
                + "the sandbox and nothing can be installed (no network): use the standard library, numpy, pandas, "
                + "scipy or scikit-learn.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind fileNotFound() {
        return Kind.python("file_not_found", "FileNotFoundError", "A path is wrong: the task's data is read-only "
                + "under /data, your files go to /workspace (request_info data_path, output_path).");
    }

    @Produces
    @ApplicationScoped
    ErrorKind permissionDenied() {
        return Kind.python("permission_denied", "PermissionError|OSError: \\[Errno 30\\].*", "The code wrote outside "
                + "/workspace: /data and the system are read-only.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind keyError() {
        return Kind.python("key_error", "KeyError", "A column or key does not exist: check the column names of the "
                + "data (request_info data_structure).");
    }

    @Produces
    @ApplicationScoped
    ErrorKind memoryError() {
        return Kind.python("memory_error", "MemoryError", "The code needed more memory than allowed: read fewer "
                + "columns, use smaller dtypes, process the data in chunks.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind valueError() {
        return Kind.python("value_error", "ValueError", "A function got a value it cannot use, often NaN values, "
                + "strings in numeric columns, or arrays of different lengths.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind typeError() {
        return Kind.python("type_error", "TypeError", "A value has the wrong type for the operation (for example "
                + "text in a numeric computation, or a wrong argument).");
    }

    @Produces
    @ApplicationScoped
    ErrorKind nameError() {
        return Kind.python("name_error", "NameError|UnboundLocalError", "A variable or function is used before it "
                + "is defined, or is misspelt. Each execution starts a new Python process: nothing survives between "
                + "steps except files in /workspace.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind indexError() {
        return Kind.python("index_error", "IndexError", "An index is out of range: check the shapes and lengths.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind attributeError() {
        return Kind.python("attribute_error", "AttributeError", "An object has no such attribute or method: check "
                + "the library API and the object's type.");
    }

    @Produces
    @ApplicationScoped
    ErrorKind pythonException() {
        return new Kind("python_exception", "The code raised an exception: read the traceback in the error output.",
                90, null, Pattern.compile("^[A-Za-z_][\\w.]*(?:Error|Exception|Interrupt)(?::\\s*.*)?$", Pattern.MULTILINE));
    }

    @Produces
    @ApplicationScoped
    ErrorKind nonZeroExit() {
        return new Kind("non_zero_exit", "The program ended with a non-zero exit status (sys.exit or a killed "
                + "process) without a Python traceback.", 99, Outcome.ERROR, null);
    }
}
