package org.rayport.dicom.data;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a data set is encoded (PS3.5 section 10, UIDs from PS3.6 table A-1). Hand-written:
 * DCMTK's runtime package ships no machine-readable UID list.
 *
 * @param explicitVr whether each element carries its VR
 * @param bigEndian byte order of binary values (only the retired Explicit VR Big Endian)
 * @param deflated whether the data set after the file meta information is deflated
 * @param encapsulated whether pixel data is a sequence of compressed fragments
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
                             boolean deflated, boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false, false);
    public static final TransferSyntax JPEG_BASELINE = compressed("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)");
    public static final TransferSyntax JPEG_EXTENDED = compressed("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
    public static final TransferSyntax JPEG_LOSSLESS = compressed("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
    public static final TransferSyntax JPEG_LOSSLESS_SV1 = compressed("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 [Selection Value 1])");
    public static final TransferSyntax JPEG_LS_LOSSLESS = compressed("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless");
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS = compressed("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)");
    public static final TransferSyntax JPEG_2000_LOSSLESS = compressed("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)");
    public static final TransferSyntax JPEG_2000 = compressed("1.2.840.10008.1.2.4.91", "JPEG 2000");
    public static final TransferSyntax MPEG2_MAIN_PROFILE = compressed("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
    public static final TransferSyntax MPEG4_HP41 = compressed("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1");
    public static final TransferSyntax HEVC_MAIN_PROFILE = compressed("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1");
    public static final TransferSyntax RLE_LOSSLESS = compressed("1.2.840.10008.1.2.5", "RLE Lossless");

    private static final Map<String, TransferSyntax> KNOWN = List.of(
                    IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                    EXPLICIT_VR_BIG_ENDIAN, JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LOSSLESS_SV1,
                    JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS, JPEG_2000_LOSSLESS, JPEG_2000, MPEG2_MAIN_PROFILE,
                    MPEG4_HP41, HEVC_MAIN_PROFILE, RLE_LOSSLESS)
            .stream().collect(Collectors.toUnmodifiableMap(TransferSyntax::uid, Function.identity()));

    private static TransferSyntax compressed(String uid, String name) {
        return new TransferSyntax(uid, name, true, false, false, true);
    }

    /**
     * The transfer syntax with this UID. Unknown UIDs are taken as explicit VR little
     * endian with encapsulated pixel data: every syntax the standard added since 1993
     * is of that kind, so new compressions pass through unchanged.
     */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.trim();
        TransferSyntax known = KNOWN.get(trimmed);
        return known != null ? known : compressed(trimmed, trimmed);
    }

    public boolean isKnown() {
        return KNOWN.containsKey(uid);
    }

    @Override
    public String toString() {
        return name + " [" + uid + "]";
    }
}
