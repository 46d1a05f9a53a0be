package dev.easel.adapter.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lets a request through to a {@link WebMount} only with an Easel API key (when keys are configured)
 * and within the request size limit. Mounted servlets are for programs, so there is no browser session
 * here: a key in {@code Authorization: Bearer} or nothing.
 */
final class MountGuard implements Filter {

    private final Access access;
    private final long maxRequestBytes;

    MountGuard(Access access, long maxRequestBytes) {
        this.access = access;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        if (!access.open() && !Access.bearer(http.getHeader("Authorization")).map(access::isKey).orElse(false)) {
            answer.setHeader("WWW-Authenticate", "Bearer");
            refuse(answer, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                    "an Easel API key is required: send Authorization: Bearer <key>");
            return;
        }
        if (http.getContentLengthLong() > maxRequestBytes) {
            refuse(answer, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "the request body is larger than " + maxRequestBytes + " bytes");
            return;
        }
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse answer, int status, String error, String message) throws IOException {
        answer.setStatus(status);
        answer.setContentType("application/json");
        answer.getOutputStream().write(("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
