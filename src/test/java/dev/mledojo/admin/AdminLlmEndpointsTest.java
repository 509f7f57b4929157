package dev.mledojo.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.llm.OpenAiCompatibleProvider;
import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Admins keep the LLM allow-list on a page (hostile audit, finding 10): the configured entries and their own, stored
 * for every replica. An admin's entry makes an internal endpoint on a private address acceptable; nobody else may
 * change the list.
 */
@QuarkusTest
class AdminLlmEndpointsTest {

    private static final String INTERNAL = "http://127.0.0.1:9/llm-endpoints-test/v1";

    @Inject
    OpenAiCompatibleProvider provider;

    private static Map<String, Object> config(String url) {
        return Map.of("provider", "openai-compatible", "base_url", url, "model", "m");
    }

    @Test
    void a_submitter_can_neither_see_nor_change_the_list() {
        PageSession carol = PageSession.signIn("carol", "/me/tokens");
        carol.request().get("/admin/llm").then().statusCode(403);
        carol.request().contentType(ContentType.URLENC).formParam("csrf-token", carol.token).formParam("url", INTERNAL)
                .post("/admin/llm/endpoints").then().statusCode(403);
        assertThatThrownBy(() -> provider.validate(config(INTERNAL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback or private");
    }

    @Test
    void an_admins_entry_makes_a_private_endpoint_acceptable_until_it_is_removed() {
        String url = "http://10.9.8.7:8000/admin-page-test/v1";
        assertThatThrownBy(() -> provider.validate(config(url + "/chat"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback or private");
        PageSession admin = PageSession.signIn("admin", "/admin/llm");
        admin.request().get("/admin/llm").then().statusCode(200).body(containsString("LLM endpoints"))
                .body(containsString("action=\"/admin/llm/endpoints\"")).body(not(containsString(url)));
        // without the form token nothing changes
        admin.request().contentType(ContentType.URLENC).formParam("url", url).post("/admin/llm/endpoints")
                .then().statusCode(403);
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token).formParam("url", url + "/")
                .post("/admin/llm/endpoints").then().statusCode(303).header("Location", "/admin/llm");
        admin.request().get("/admin/llm").then().statusCode(200).body(containsString("<code>" + url + "</code>"))
                .body(containsString(">admin<"));
        provider.validate(config(url + "/chat")); // listed now: a path below it, on a private address
        // a mistake is shown on the page
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token).formParam("url", "ftp://x/y")
                .post("/admin/llm/endpoints").then().statusCode(400).contentType(ContentType.HTML)
                .body(containsString("not an http:// or https:// base URL"));
        // text no entry can be (a NUL) removes nothing and says so
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token).formParam("url", url + "\u0000")
                .post("/admin/llm/endpoints/remove").then().statusCode(404).contentType(ContentType.HTML)
                .body(containsString("nothing was removed"));
        admin.request().contentType(ContentType.URLENC).formParam("csrf-token", admin.token).formParam("url", url)
                .post("/admin/llm/endpoints/remove").then().statusCode(303);
        assertThatThrownBy(() -> provider.validate(config(url + "/chat"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback or private");
        admin.request().get("/admin/audit").then().statusCode(200).body(containsString("llm-endpoint-added"))
                .body(containsString("llm-endpoint-removed"));
    }
}
