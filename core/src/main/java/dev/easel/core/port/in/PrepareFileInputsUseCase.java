package dev.easel.core.port.in;

import dev.easel.core.model.FileInput;
import java.util.List;

/**
 * Turns local files given for a model's URI inputs into {@link FileInput}s a provider can fetch: each
 * checked (really a PNG or JPEG, within the provider's limits) and sent as a data URI, or uploaded
 * and passed as a pre-signed URL when an uploader is configured. A file that breaks a limit is
 * refused with an {@link dev.easel.core.error.InvalidRequestException} naming the field, the file and
 * the limit, before anything is uploaded or submitted.
 */
public interface PrepareFileInputsUseCase {

    /** The files of one request, in order, each for the input named {@code field}. */
    List<FileInput> prepare(List<FieldFile> files);

    /** One local file for one input. */
    record FieldFile(String field, LocalFile file) {
    }
}
