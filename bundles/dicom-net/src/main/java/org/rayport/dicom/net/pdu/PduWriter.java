package org.rayport.dicom.net.pdu;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes PDUs in PS3.8 encoding: big-endian lengths, AE titles padded to 16 bytes, UIDs unpadded. */
public final class PduWriter {

    private final OutputStream out;

    /** @param out the socket's stream, ideally buffered; a PDU is flushed whole unless more fragments follow */
    public PduWriter(OutputStream out) {
        this.out = out;
    }

    public void write(Pdu pdu) throws IOException {
        write(pdu, true);
    }

    /**
     * @param flush false while more fragments of the same message follow at once: fewer, fuller TCP segments,
     *              without waiting for anything the peer must answer first
     */
    public void write(Pdu pdu, boolean flush) throws IOException {
        byte[] body = body(pdu);
        DataOutputStream header = new DataOutputStream(out);
        header.writeByte(pdu.type());
        header.writeByte(0);
        header.writeInt(body.length);
        out.write(body);
        if (flush) {
            out.flush();
        }
    }

    /**
     * Writes a P-DATA-TF with one PDV straight from the caller's array: the bulk of every image goes through here,
     * so it is neither copied into a PDU body first nor framed by a second buffer.
     */
    public void writeData(int presentationContextId, boolean command, boolean last, byte[] data, int offset,
                          int length, boolean flush) throws IOException {
        byte[] header = new byte[12];
        int pdvLength = length + 2;
        int pduLength = pdvLength + 4;
        header[0] = 0x04;
        putInt(header, 2, pduLength);
        putInt(header, 6, pdvLength);
        header[10] = (byte) presentationContextId;
        header[11] = (byte) ((command ? 1 : 0) | (last ? 2 : 0));
        out.write(header);
        out.write(data, offset, length);
        if (flush) {
            out.flush();
        }
    }

    private static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }

    private static byte[] body(Pdu pdu) {
        if (pdu instanceof AssociateRequest rq) {
            return associate(rq.calledAe(), rq.callingAe(), rq.userInformation(), items -> {
                for (PresentationContext pc : rq.presentationContexts()) {
                    Body context = new Body();
                    context.bytes(pc.id(), 0, 0, 0);
                    context.item(0x30, ascii(pc.abstractSyntax()));
                    pc.transferSyntaxes().forEach(ts -> context.item(0x40, ascii(ts)));
                    items.item(0x20, context.toByteArray());
                }
            });
        }
        if (pdu instanceof AssociateAccept ac) {
            return associate(ac.calledAe(), ac.callingAe(), ac.userInformation(), items -> {
                for (PresentationContextResult result : ac.results()) {
                    Body context = new Body();
                    context.bytes(result.id(), 0, result.result().code, 0);
                    context.item(0x40, ascii(result.transferSyntax()));
                    items.item(0x21, context.toByteArray());
                }
            });
        }
        if (pdu instanceof AssociateReject rj) {
            return new byte[] {0, (byte) (rj.permanent() ? 1 : 2), (byte) rj.source().code, (byte) rj.reason()};
        }
        if (pdu instanceof DataTransfer data) {
            return dataTransfer(data);
        }
        if (pdu instanceof Abort abort) {
            return new byte[] {0, 0, (byte) abort.source(), (byte) abort.reason()};
        }
        return new byte[4]; // A-RELEASE-RQ and -RP: four reserved bytes
    }

    private interface Items {
        void write(Body items);
    }

    private static byte[] associate(AeTitle called, AeTitle calling, UserInformation user, Items contexts) {
        Body body = new Body();
        body.shorts(1, 0);
        body.raw(aeField(called));
        body.raw(aeField(calling));
        body.raw(new byte[32]);
        body.item(0x10, ascii(Uids.APPLICATION_CONTEXT));
        contexts.write(body);
        body.item(0x50, userInformation(user));
        return body.toByteArray();
    }

    private static byte[] userInformation(UserInformation user) {
        Body items = new Body();
        Body maxLength = new Body();
        maxLength.ints(user.maxPduLength());
        items.item(0x51, maxLength.toByteArray());
        items.item(0x52, ascii(user.implementationClassUid()));
        if (user.maxOperationsInvoked() != null) {
            Body window = new Body();
            window.shorts(user.maxOperationsInvoked(), user.maxOperationsPerformed());
            items.item(0x53, window.toByteArray());
        }
        for (RoleSelection role : user.roleSelections()) {
            Body selection = new Body();
            byte[] uid = ascii(role.sopClass());
            selection.shorts(uid.length);
            selection.raw(uid);
            selection.bytes(role.scu() ? 1 : 0, role.scp() ? 1 : 0);
            items.item(0x54, selection.toByteArray());
        }
        if (user.implementationVersionName() != null) {
            items.item(0x55, ascii(user.implementationVersionName()));
        }
        return items.toByteArray();
    }

    private static byte[] dataTransfer(DataTransfer data) {
        Body body = new Body();
        for (DataTransfer.Pdv pdv : data.values()) {
            body.ints(pdv.data().length + 2L);
            body.bytes(pdv.presentationContextId(), (pdv.command() ? 1 : 0) | (pdv.last() ? 2 : 0));
            body.raw(pdv.data());
        }
        return body.toByteArray();
    }

    private static byte[] aeField(AeTitle ae) {
        byte[] field = new byte[16];
        Arrays.fill(field, (byte) ' ');
        byte[] value = ascii(ae.value());
        System.arraycopy(value, 0, field, 0, value.length);
        return field;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A growing big-endian buffer with PS3.8's item framing (type, reserved, 2-byte length). */
    private static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        void item(int type, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException("Item 0x" + Integer.toHexString(type) + " is too long");
            }
            bytes(type, 0);
            shorts(value.length);
            raw(value);
        }

        void bytes(int... values) {
            for (int value : values) {
                bytes.write(value);
            }
        }

        void shorts(int... values) {
            try {
                for (int value : values) {
                    data.writeShort(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void ints(long value) {
            try {
                data.writeInt((int) value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void raw(byte[] value) {
            bytes.writeBytes(value);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
