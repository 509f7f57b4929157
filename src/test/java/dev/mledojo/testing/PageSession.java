package dev.mledojo.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A browser-like session for page tests: signed in through the sign-in form (its cookie), with the CSRF cookie and
 * the token that pages put in their forms.
 */
public final class PageSession {

    private static final Pattern FIELD = Pattern.compile("name=\"csrf-token\" value=\"([A-Za-z0-9_-]+)\"");

    public final String credential;
    public final String csrfCookie;
    public final String token;

    private PageSession(String credential, String csrfCookie, String token) {
        this.credential = credential;
        this.csrfCookie = csrfCookie;
        this.token = token;
    }

    /** Signs in as {@code user} (password = name in tests) and opens {@code page} to pick up its form token. */
    public static PageSession signIn(String user, String page) {
        String credential = given().redirects().follow(false).formParam("j_username", user).formParam("j_password", user)
                .post("/j_security_check").then().statusCode(302).extract().cookie("quarkus-credential");
        Response r = given().redirects().follow(false).accept(ContentType.HTML).cookie("quarkus-credential", credential)
                .get(page);
        r.then().statusCode(200);
        Matcher m = FIELD.matcher(r.asString());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on " + page);
        }
        String cookie = r.getCookie("csrf-token");
        if (cookie == null || !cookie.equals(m.group(1))) {
            throw new AssertionError("the page's CSRF cookie " + cookie + " differs from its form token " + m.group(1));
        }
        return new PageSession(credential, cookie, m.group(1));
    }

    /** A request with the session's cookies (sign-in and CSRF), not following redirects, accepting HTML. */
    public RequestSpecification request() {
        return given().redirects().follow(false).accept(ContentType.HTML).cookie("quarkus-credential", credential)
                .cookie("csrf-token", csrfCookie);
    }

    /** The same, without the CSRF cookie (as a forged cross-site form would arrive if the cookie were withheld). */
    public RequestSpecification requestWithoutCsrfCookie() {
        return given().redirects().follow(false).accept(ContentType.HTML).cookie("quarkus-credential", credential);
    }
}
