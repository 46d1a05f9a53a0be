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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets a request through to a {@link WebMount} only past the web front's own Host and Origin checks
 * ({@link WebGuard#refusal}), with an Easel API key (when keys are configured) within its request
 * rate, and within the request size limit. Mounted servlets are for programs, so there is no browser
 * session here: a key in {@code Authorization: Bearer} or nothing.
 */
final class MountGuard implements Filter {

    private final WebGuard guard;
    private final InFlight inFlight;
    private final long maxRequestBytes;

    MountGuard(WebGuard guard, InFlight inFlight, long maxRequestBytes) {
        this.guard = guard;
        this.inFlight = inFlight;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        Optional<WebGuard.Refusal> refusal = guard.refusal(WebGuard.RequestFacts.of(http))
                .or(() -> guard.programRefusal(http, answer::setHeader));
        if (refusal.isPresent()) {
            int status = refusal.get().status();
            refuse(answer, status, status == HttpServletResponse.SC_UNAUTHORIZED ? "unauthorized" : "refused",
                    refusal.get().message());
            return;
        }
        if (http.getContentLengthLong() > maxRequestBytes) {
            refuse(answer, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "the request body is larger than " + maxRequestBytes + " bytes");
            return;
        }
        String client = (String) http.getAttribute(WebGuard.CLIENT_ATTRIBUTE);
        Supplier<Optional<Runnable>> slots = () -> inFlight.take(client)
                ? Optional.of(() -> inFlight.give(client))
                : Optional.empty();
        http.setAttribute(WebMount.JOB_SLOTS, slots);
        if (!client.equals(Access.OPEN_CLIENT)) {
            http.setAttribute(WebMount.REQUESTED_BY, client);
        }
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse answer, int status, String error, String message) throws IOException {
        answer.setStatus(status);
        answer.setContentType("application/json");
        answer.getOutputStream().write(("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
