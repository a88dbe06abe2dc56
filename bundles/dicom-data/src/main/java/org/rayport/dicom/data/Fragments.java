package org.rayport.dicom.data;

import java.util.List;

/**
 * Encapsulated (compressed) pixel data, PS3.5 A.4: the Basic Offset Table item
 * followed by the fragments, each kept as {@link BulkData} so that reading a file
 * does not load them. Immutable.
 */
public record Fragments(BulkData basicOffsetTable, List<BulkData> fragments) {

    public Fragments {
        fragments = List.copyOf(fragments);
    }

    /** Encapsulated data with an empty Basic Offset Table. */
    public static Fragments of(List<BulkData> fragments) {
        return new Fragments(BulkData.ofBytes(new byte[0]), fragments);
    }
}
