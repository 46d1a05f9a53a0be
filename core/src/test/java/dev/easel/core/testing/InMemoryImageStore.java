package dev.easel.core.testing;

import dev.easel.core.error.StorageException;
import dev.easel.core.image.ImageFacts;
import dev.easel.core.image.InspectingInputStream;
import dev.easel.core.model.GalleryEntry;
import dev.easel.core.model.Job;
import dev.easel.core.model.StoredImage;
import dev.easel.core.port.out.ImageStore;
import dev.easel.core.port.out.NewImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An image store in memory, with the same rules as the real ones (facts from bytes, whole or nothing). */
public final class InMemoryImageStore implements ImageStore {

    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final Map<String, StoredImage> images = new LinkedHashMap<>();
    private final Map<String, Job> records = new LinkedHashMap<>();

    @Override
    public StoredImage put(NewImage image, InputStream content) {
        InspectingInputStream inspected = new InspectingInputStream(content, image.maxBytes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            inspected.transferTo(bytes);
        } catch (IOException e) {
            throw new StorageException("could not read output " + image.index() + ": " + e.getMessage(), e);
        }
        ImageFacts facts = inspected.facts();
        String key = image.day() + "/" + image.baseName() + "." + facts.mediaType().extension();
        StoredImage stored = new StoredImage(key, facts.bytes(), facts.sha256(), facts.mediaType(), facts.width(), facts.height());
        synchronized (this) {
            blobs.put(key, bytes.toByteArray());
            images.remove(key);
            images.put(key, stored);
        }
        return stored;
    }

    @Override
    public synchronized void putRecord(Job job) {
        records.put(job.id().value(), job);
    }

    @Override
    public synchronized InputStream open(String key) {
        byte[] bytes = blobs.get(key);
        if (bytes == null) {
            throw new StorageException("no stored image has the key \"" + key + "\"");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public String location(String key) {
        return "memory:" + key;
    }

    @Override
    public synchronized List<GalleryEntry> list(int offset, int limit) {
        List<GalleryEntry> newestFirst = new ArrayList<>();
        records.values().stream().sorted(java.util.Comparator.comparing((Job j) -> j.id().value()).reversed())
                .forEach(job -> {
                    for (int i = job.images().size() - 1; i >= 0; i--) {
                        newestFirst.add(new GalleryEntry(job, job.images().get(i)));
                    }
                });
        return newestFirst.stream().skip(offset).limit(limit).toList();
    }

    /** Every stored key, records or not. */
    public synchronized List<String> keys() {
        return List.copyOf(blobs.keySet());
    }

    public synchronized Map<String, Job> records() {
        return Map.copyOf(records);
    }
}
