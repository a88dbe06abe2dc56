package org.rayport.dicom.net.pdu;

import java.util.List;

/** P-DATA-TF: fragments of DIMSE messages, each in a presentation data value. */
public record DataTransfer(List<Pdv> values) implements Pdu {

    /**
     * One presentation data value.
     *
     * @param command true for a fragment of a command set, false for a data set
     * @param last true for the last fragment of the command or data set
     */
    public record Pdv(int presentationContextId, boolean command, boolean last, byte[] data) {
    }

    public DataTransfer {
        values = List.copyOf(values);
    }

    @Override
    public int type() {
        return 0x04;
    }
}
