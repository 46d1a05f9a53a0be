package dev.easel.core.service;

import java.time.Duration;

/** Waits between polls. Injected so that tests advance a clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
