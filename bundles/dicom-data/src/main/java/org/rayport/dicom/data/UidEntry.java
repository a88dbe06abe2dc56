package org.rayport.dicom.data;

/**
 * A UID the standard defines (PS3.6 table A-1).
 *
 * @param keyword e.g. "CTImageStorage"
 * @param name e.g. "CT Image Storage"
 * @param type e.g. "SOP Class", "Transfer Syntax", "Well-known SOP Instance"
 */
public record UidEntry(String uid, String keyword, String name, String type, boolean retired) {
}
