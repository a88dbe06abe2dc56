package org.rayport.dicom.net.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/** Command sets (PS3.7 section 9.3 and annex E): always implicit VR little endian, led by their group length. */
public final class Commands {

    public static final Tag GROUP_LENGTH = Tag.of(0x0000, 0x0000);
    public static final Tag AFFECTED_SOP_CLASS_UID = Tag.of(0x0000, 0x0002);
    public static final Tag COMMAND_FIELD = Tag.of(0x0000, 0x0100);
    public static final Tag MESSAGE_ID = Tag.of(0x0000, 0x0110);
    public static final Tag MESSAGE_ID_BEING_RESPONDED_TO = Tag.of(0x0000, 0x0120);
    public static final Tag COMMAND_DATA_SET_TYPE = Tag.of(0x0000, 0x0800);
    public static final Tag STATUS = Tag.of(0x0000, 0x0900);
    public static final Tag PRIORITY = Tag.of(0x0000, 0x0700);
    public static final Tag AFFECTED_SOP_INSTANCE_UID = Tag.of(0x0000, 0x1000);
    public static final Tag MOVE_DESTINATION = Tag.of(0x0000, 0x0600);
    public static final Tag REMAINING_SUBOPERATIONS = Tag.of(0x0000, 0x1020);
    public static final Tag COMPLETED_SUBOPERATIONS = Tag.of(0x0000, 0x1021);
    public static final Tag FAILED_SUBOPERATIONS = Tag.of(0x0000, 0x1022);
    public static final Tag WARNING_SUBOPERATIONS = Tag.of(0x0000, 0x1023);
    public static final Tag MOVE_ORIGINATOR_AE_TITLE = Tag.of(0x0000, 0x1030);
    public static final Tag MOVE_ORIGINATOR_MESSAGE_ID = Tag.of(0x0000, 0x1031);
    /** In the final response of a retrieve that lost instances: which ones (a data set element, not a command one). */
    public static final Tag FAILED_SOP_INSTANCE_UID_LIST = Tag.of(0x0008, 0x0058);

    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_FIND_RSP = 0x8020;
    public static final int C_CANCEL_RQ = 0x0FFF;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_MOVE_RSP = 0x8021;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_GET_RSP = 0x8010;

    /** (0000,0800) value that says no data set follows. */
    public static final int NO_DATA_SET = 0x0101;
    /** Any value but {@link #NO_DATA_SET} announces one; this is the customary one. */
    public static final int DATA_SET_PRESENT = 0x0000;
    public static final int SUCCESS = 0x0000;
    /** C-FIND: a match follows (0xFF01: a match with optional keys not supported). */
    public static final int PENDING = 0xFF00;
    public static final int PENDING_WARNING = 0xFF01;
    /** C-FIND: identifier does not match the SOP class (PS3.4 table C.4-1). */
    public static final int IDENTIFIER_DOES_NOT_MATCH = 0xA900;
    /** C-FIND, C-MOVE, C-GET: the requester cancelled; what was found or sent until then stands. */
    public static final int CANCEL = 0xFE00;
    /** C-MOVE, C-GET: sub-operations complete, one or more failed or had warnings (PS3.4 table C.4-2). */
    public static final int SUBOPERATIONS_WITH_FAILURES = 0xB000;
    /** C-MOVE, C-GET: refused, none of the sub-operations could be performed. */
    public static final int UNABLE_TO_PERFORM_SUBOPERATIONS = 0xA702;
    /** C-MOVE, C-GET: refused, out of resources, unable to calculate the number of matches. */
    public static final int OUT_OF_RESOURCES_MATCHES = 0xA701;
    /** C-MOVE: the destination AE title is not known here. */
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    /** Any service: the SOP class is not served on this association (PS3.7 C.5.2). */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** C-STORE: refused, out of resources (PS3.4 table B.2-1). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** C-STORE: cannot understand (the data set or its identification is unusable). */
    public static final int CANNOT_UNDERSTAND = 0xC000;

    private Commands() {
    }

    public static byte[] encode(Attributes command) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            Part10Writer.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)
                    .writeDataSet(command.toBuilder().remove(GROUP_LENGTH).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] elements = body.toByteArray();
        byte[] encoded = new byte[12 + elements.length];
        // (0000,0000) UL, implicit VR: tag, 4-byte length 4, then the length of everything after it.
        encoded[4] = 4;
        int length = elements.length;
        encoded[8] = (byte) length;
        encoded[9] = (byte) (length >> 8);
        encoded[10] = (byte) (length >> 16);
        encoded[11] = (byte) (length >> 24);
        System.arraycopy(elements, 0, encoded, 12, elements.length);
        return encoded;
    }

    public static Attributes decode(byte[] command) throws IOException {
        return Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(command),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Whether a data set follows this decoded command, as its (0000,0800) says. */
    public static boolean announcesDataSet(Attributes command) {
        return command.getInt(COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
    }

    /** Whether a data set follows this command, as its (0000,0800) says. */
    public static boolean announcesDataSet(byte[] command) {
        try {
            return decode(command).getInt(COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable command set: " + e.getMessage(), e);
        }
    }
}
