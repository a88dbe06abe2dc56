package org.rayport.dicom.data;

import java.util.List;

/**
 * One PS3.6 data element definition.
 *
 * @param pattern the tag as in PS3.6, with x for repeating digits, e.g. {@code (60xx,0010)}
 * @param vrs the allowed VRs, usually one; empty for items and delimiters
 * @param vm value multiplicity as in PS3.6, e.g. {@code 1}, {@code 1-n}, {@code 2-2n}
 * @param retired whether the standard has retired the element
 */
public record DictionaryEntry(String pattern, List<Vr> vrs, String vm, String keyword, String name, boolean retired) {

    public DictionaryEntry {
        vrs = List.copyOf(vrs);
    }

    /** The VR to assume when the encoding does not say (implicit VR); UN if there is none. */
    public Vr defaultVr() {
        return vrs.isEmpty() ? Vr.UN : vrs.get(0);
    }
}
