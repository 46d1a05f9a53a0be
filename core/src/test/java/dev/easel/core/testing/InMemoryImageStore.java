package dev.easel.core.testing;

import dev.easel.core.error.StorageException;
import dev.easel.core.image.ImageFacts;
import dev.easel.core.image.InspectingInputStream;
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

    /** Every stored key. */
    public synchronized List<String> keys() {
        return List.copyOf(blobs.keySet());
    }
}
