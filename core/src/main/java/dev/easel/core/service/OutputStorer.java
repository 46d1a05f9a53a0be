package dev.easel.core.service;

import dev.easel.core.error.OutputExpiredException;
import dev.easel.core.error.OutputInterruptedException;
import dev.easel.core.error.StorageException;
import dev.easel.core.image.Provenance;
import dev.easel.core.model.Job;
import dev.easel.core.model.JobState;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.in.JobListener;
import dev.easel.core.port.out.GenerationProvider;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.JobRecords;
import dev.easel.core.port.out.NewImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a succeeded job's outputs into the store, each with how it was made written into it,
 * journals STORED, then lets the provider release the outputs. A download that breaks half-way is
 * opened again, up to {@value #DOWNLOAD_ATTEMPTS} times; an expired output ends the job EXPIRED.
 */
final class OutputStorer {

    /** How many times one output is downloaded before a broken download counts as a failure. */
    static final int DOWNLOAD_ATTEMPTS = 5;

    private final GenerationProvider provider;
    private final ImageStore store;
    private final JobRecords records;
    private final Journaling journaling;
    private final Clock clock;
    private final long maxImageBytes;

    OutputStorer(GenerationProvider provider, ImageStore store, JobRecords records, Journaling journaling, Clock clock,
                 long maxImageBytes) {
        this.provider = provider;
        this.store = store;
        this.records = records;
        this.journaling = journaling;
        this.clock = clock;
        this.maxImageBytes = maxImageBytes;
    }

    Job store(Job job, JobListener listener) {
        LocalDate day = LocalDate.ofInstant(job.createdAt(), clock.getZone());
        List<StoredImage> images = new ArrayList<>();
        List<URI> outputs = job.outputUrls();
        for (int i = 0; i < outputs.size(); i++) {
            NewImage target = new NewImage(job.id(), i + 1, day, job.request(), maxImageBytes);
            try {
                images.add(download(target, outputs.get(i)));
            } catch (OutputExpiredException expired) {
                return journaling.record(job.moveTo(JobState.EXPIRED, clock.instant(), expired.getMessage()), listener);
            } catch (StorageException notStored) {
                throw new StorageException("job " + job.id() + " finished but output " + (i + 1) + " could not be stored: "
                        + notStored.getMessage() + ". The job stays journaled as succeeded; resuming it stores it",
                        notStored);
            }
        }
        Job stored = job.stored(images, clock.instant());
        records.put(stored);
        journaling.record(stored, listener);
        provider.release(outputs);
        return stored;
    }

    private StoredImage download(NewImage target, URI output) {
        String provenance = Provenance.json(target.job(), target.request());
        for (int attempt = 1; ; attempt++) {
            try (InputStream content = provider.openOutput(output)) {
                return store.put(target, Provenance.embed(content, provenance));
            } catch (StorageException failed) {
                if (!(failed.getCause() instanceof OutputInterruptedException) || attempt >= DOWNLOAD_ATTEMPTS) {
                    throw failed;
                }
            } catch (OutputInterruptedException broken) {
                if (attempt >= DOWNLOAD_ATTEMPTS) {
                    throw new StorageException("could not download " + output + ": " + broken.getMessage(), broken);
                }
            } catch (IOException failed) {
                throw new StorageException("could not read the download of " + output + ": " + failed.getMessage(), failed);
            }
        }
    }
}
