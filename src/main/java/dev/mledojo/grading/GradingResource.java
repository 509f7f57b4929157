package dev.mledojo.grading;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.mledojo.account.AccountService;
import dev.mledojo.account.UsageEvent;
import dev.mledojo.error.DomainException;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.ScoringException;
import io.quarkus.security.identity.SecurityIdentity;

/** Grades a submission file against a task's hidden answers (admins, for now); each call counts against a quota. */
@Path("/api/v1/tasks/{id}/grade")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class GradingResource {

    private final GradingService grading;
    private final AccountService accounts;
    private final SecurityIdentity identity;

    public GradingResource(GradingService grading, AccountService accounts, SecurityIdentity identity) {
        this.grading = grading;
        this.accounts = accounts;
        this.identity = identity;
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Grade a submission", description = "Multipart field 'file'. Returns the grade report; a "
            + "malformed file gives 400 problem JSON whose 'kind' names the problem.")
    public GradeReport grade(@PathParam("id") String id, @RestForm("file") FileUpload file) {
        UsageEvent use = accounts.consume(accounts.current(identity), AccountService.GRADE, id);
        try {
            return grading.grade(id, file == null ? null : file.uploadedFile());
        } catch (DomainException | InvalidSubmissionException | ScoringException e) {
            throw e; // the caller's mistake counts against the quota
        } catch (RuntimeException e) {
            accounts.refund(use.id); // the platform failed: the call is given back
            throw e;
        }
    }
}
