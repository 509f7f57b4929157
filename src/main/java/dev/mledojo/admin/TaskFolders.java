package dev.mledojo.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.mledojo.error.DomainException;
import dev.mledojo.files.FileOps;
import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskParser;
import dev.mledojo.task.TaskStartup;
import dev.mledojo.task.prepare.ArchiveExtractor;
import dev.mledojo.task.prepare.ArchiveLimits;
import dev.mledojo.task.prepare.ArchiveRejectedException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Task folders defined or edited by admins: a folder uploaded as an archive, or a replaced leaderboard. Every change
 * is validated by the task parser before anything is installed, installed under {@code ${dojo.data-dir}/task-folders}
 * (which overrides the repository's folder of the same id) and synced, so a changed folder becomes a new draft
 * version.
 */
@ApplicationScoped
public class TaskFolders {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ArchiveLimits LIMITS = new ArchiveLimits(200L << 20, 10_000, 100L << 20, 200);

    private final TaskConfig config;
    private final TaskCatalogueSync sync;
    private final AuditLog audit;

    public TaskFolders(TaskConfig config, TaskCatalogueSync sync, AuditLog audit) {
        this.config = config;
        this.sync = sync;
        this.audit = audit;
    }

    /** What a save did. */
    public record Saved(String task, boolean newVersion) {
    }

    /** Installs a task folder uploaded as an archive (task.yaml at its root or in its single top folder). */
    public Saved define(Path archive, String admin) {
        Path staging = staging();
        try {
            Path extracted;
            try {
                extracted = new ArchiveExtractor(LIMITS).extract(archive, staging.resolve("x"), false).directory();
            } catch (ArchiveRejectedException e) {
                throw DomainException.invalid("archive-rejected", e.getMessage()).titled("Archive rejected");
            }
            Path root = folderWithTaskYaml(extracted);
            String id = declaredId(root);
            Path named = staging.resolve(id);
            Files.move(root, named);
            return install(named, id, admin, "task.define");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileOps.deleteRecursively(staging);
        }
    }

    /** Replaces one comparison board of a task; the result is a new version. */
    public Saved replaceBoard(String id, String board, byte[] csv, String admin) {
        if (!board.equals("public") && !board.equals("private")) {
            throw DomainException.invalid("invalid-board", "The board is 'public' or 'private', not '" + board + "'.");
        }
        Path source = current(id);
        Path staging = staging();
        try {
            Path copy = staging.resolve(id);
            copyRecursively(source, copy);
            Files.createDirectories(copy.resolve("leaderboard"));
            Files.write(copy.resolve("leaderboard").resolve(board + ".csv"), csv);
            return install(copy, id, admin, "task.leaderboard." + board);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileOps.deleteRecursively(staging);
        }
    }

    private Saved install(Path folder, String id, String admin, String action) throws IOException {
        TaskParser.Result parsed = TaskParser.parse(folder);
        if (parsed instanceof TaskParser.Invalid bad) {
            throw DomainException.invalid("invalid-task-folder", bad.problem().toString()).titled("Invalid task folder")
                    .withAll(Map.of("file", bad.problem().file(), "field", bad.problem().field(), "reason", bad.problem().reason()));
        }
        Path target = TaskStartup.curatedFolders(config).resolve(id);
        Files.createDirectories(target.getParent());
        Path old = target.resolveSibling("." + id + ".old-" + System.nanoTime());
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
        FileOps.deleteRecursively(old);
        TaskParser.Result installed = TaskParser.parse(target);
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean created = sync.sync(installed);
            audit.record(admin, action, "task:" + id, null, Map.of("contentHash",
                    installed instanceof TaskParser.Valid v ? v.definition().contentHash() : "", "newVersion", created));
            return new Saved(id, created);
        });
    }

    /** The folder a task is currently defined by: the curated one if an admin saved one, else the repository's. */
    private Path current(String id) {
        if (!TaskParser.ID.matcher(id).matches()) {
            throw DomainException.notFound("unknown-task", "There is no task '" + id + "'.");
        }
        Path curated = TaskStartup.curatedFolders(config).resolve(id);
        if (Files.isDirectory(curated)) {
            return curated;
        }
        Path repo = Path.of(config.tasks().dir()).resolve(id);
        if (Files.isDirectory(repo)) {
            return repo;
        }
        throw DomainException.notFound("unknown-task", "There is no task folder for '" + id + "'.");
    }

    private static Path folderWithTaskYaml(Path extracted) throws IOException {
        if (Files.isRegularFile(extracted.resolve("task.yaml"))) {
            return extracted;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(extracted)) {
            children = list.filter(Files::isDirectory).toList();
        }
        if (children.size() == 1 && Files.isRegularFile(children.get(0).resolve("task.yaml"))) {
            return children.get(0);
        }
        throw DomainException.invalid("invalid-task-folder", "The archive must hold task.yaml at its root or in its "
                + "single top folder, with description.md and leaderboard/{public,private}.csv beside it.");
    }

    private static String declaredId(Path folder) throws IOException {
        String id;
        try {
            id = YAML.readTree(Files.readString(folder.resolve("task.yaml"), StandardCharsets.UTF_8)).path("id").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DomainException.invalid("invalid-task-folder", "task.yaml: not valid YAML: "
                    + e.getOriginalMessage()).titled("Invalid task folder");
        } catch (CharacterCodingException e) {
            throw DomainException.invalid("invalid-task-folder", "task.yaml: " + TaskParser.unreadableText(e))
                    .titled("Invalid task folder");
        }
        if (!TaskParser.ID.matcher(id).matches()) {
            throw DomainException.invalid("invalid-task-folder",
                    "task.yaml [id]: '" + id + "' is not a task id (letters, digits and '-')").titled("Invalid task folder");
        }
        return id;
    }

    private Path staging() {
        try {
            Path dir = Path.of(config.dataDir()).toAbsolutePath().resolve("imports");
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir, ".task-folder-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

}
