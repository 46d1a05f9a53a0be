package dev.easel.adapter.http;

import io.javalin.security.RouteRole;

/**
 * What a route needs, declared where the route is declared. A route without a role needs a client:
 * an API key, a studio session (plus its CSRF token to change anything), or, on an open server, a
 * program or the studio's session; so a route added later is closed until it says otherwise.
 */
enum Role implements RouteRole {
    /** Anyone who passes the Host and Origin checks: the studio page and signing in. */
    OPEN,
    /** A signed, unexpired link is enough (gateway clients download results like CDN links); a client also may. */
    FILE_LINK,
    /** Submits paid work: counted against the client's jobs in flight. */
    SUBMITS
}
