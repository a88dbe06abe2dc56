package org.rayport.dicomweb.internal;

import java.util.Map;

/**
 * The media type of a frame in its stored (compressed) form, by transfer syntax (PS3.18 Table 8.7.3-2): what a
 * WADO-RS frames answer names in its parts' Content-Type when it sends the frames as stored.
 */
final class FrameMediaTypes {

    private static final Map<String, String> BY_SYNTAX = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"),
            Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle"));

    private FrameMediaTypes() {
    }

    /** The media type of single frames in {@code transferSyntaxUid}; null for native and video syntaxes. */
    static String of(String transferSyntaxUid) {
        return BY_SYNTAX.get(transferSyntaxUid);
    }
}
