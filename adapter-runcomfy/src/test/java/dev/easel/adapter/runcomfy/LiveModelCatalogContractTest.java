package dev.easel.adapter.runcomfy;

import dev.easel.adapter.runcomfy.emulator.RunComfyEmulator;
import dev.easel.core.port.out.ModelCatalog;
import dev.easel.core.testing.ModelCatalogContract;
import dev.easel.core.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** RunComfy's live catalog, read over HTTP from the emulator's catalog, keeps the catalog contract. */
class LiveModelCatalogContractTest extends ModelCatalogContract {

    @TempDir
    Path home;

    private RunComfyEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    protected ModelCatalog newCatalog() {
        emulator = RunComfyEmulator.builder().models(List.of()).start();
        return RunComfyModelCatalog.builder().baseUrl(emulator.baseUrl().toString()).token(emulator.token())
                .cacheFolder(home).clock(MutableClock.at("2026-05-01T10:00:00Z")).notices(notice -> {
                    throw new AssertionError("the emulator's catalog should answer, but: " + notice);
                }).build();
    }
}
