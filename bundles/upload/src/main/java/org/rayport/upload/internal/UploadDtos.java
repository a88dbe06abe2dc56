package org.rayport.upload.internal;

import java.util.List;

/** The JSON of the upload endpoint (serialized by the REST bundle's Jackson provider). */
final class UploadDtos {

    private UploadDtos() {
    }

    /**
     * One file part: where it went, or why not.
     *
     * @param part     1-based position of the part in the request body
     * @param content  DICOM, PDF, JPEG or PNG, by the file's content
     * @param stored   whether the instance is in the pool now
     * @param error    why the part (and with it the request) was refused; null when stored
     */
    record PartDto(int part, String name, String filename, String content, String sopClassUid, String sopInstanceUid,
                   String studyInstanceUid, String seriesInstanceUid, boolean stored, String error) {
    }

    /**
     * The answer: every part stored (200), or none (422, {@code error} says why, each part's {@code error} where it
     * applies).
     */
    record UploadDto(String pool, boolean stored, List<PartDto> parts, String error) {

        UploadDto {
            parts = List.copyOf(parts);
        }
    }

    /** Rayport's JSON error, as the other client resources answer it. */
    record ErrorJson(int status, String error, String field) {
    }
}
