package org.rayport.dicom.data;

import java.util.Objects;
import java.util.function.Function;

/**
 * Decides, when a data set is written as DICOM JSON or XML, which binary values are
 * written inline (base64) and which as a reference to where a client can fetch them
 * (BulkDataURI in JSON, {@code <BulkData uri>} in XML): WADO-RS metadata points at bulk
 * data URLs instead of inlining pixel data.
 *
 * <p>Only values of the binary VRs OB, OD, OF, OL, OV, OW and UN are offered. Encapsulated
 * pixel data has no inline form in either model, so a policy that returns null for it
 * makes the writer fail.
 */
@FunctionalInterface
public interface BulkDataPolicy {

    /**
     * The URI to write instead of the value, or null to write it inline.
     *
     * @param path where the element sits: its tag as 8 hex digits, preceded for elements in
     *             sequence items by the sequence tag and the item index from 0, separated by
     *             slashes, e.g. {@code 7FE00010} or {@code 00540016/0/00181072}
     */
    String bulkDataUri(String path, Element element);

    /** Every value inline. */
    static BulkDataPolicy inlineAll() {
        return (path, element) -> null;
    }

    /**
     * Values longer than {@code maxInlineBytes}, bulk data kept in a file and encapsulated
     * pixel data by reference, at {@code uriOfPath.apply(path)}; the rest inline.
     */
    static BulkDataPolicy referenceAbove(long maxInlineBytes, Function<String, String> uriOfPath) {
        Objects.requireNonNull(uriOfPath, "uriOfPath");
        return (path, element) -> element.isEncapsulated() || element.isBulkData() || element.length() > maxInlineBytes
                ? uriOfPath.apply(path) : null;
    }
}
