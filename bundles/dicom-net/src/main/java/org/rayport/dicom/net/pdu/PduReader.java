package org.rayport.dicom.net.pdu;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PDUs from a peer that is not trusted: every length is checked against a bound before anything is
 * allocated, and every item against the PDU that contains it.
 */
public final class PduReader {

    /** Association PDUs carry only UIDs and small items; a megabyte leaves room for hundreds of contexts. */
    static final int MAX_ASSOCIATION_PDU = 1 << 20;

    private final DataInputStream in;
    private final long maxDataPduLength;

    /**
     * @param maxDataPduLength the largest P-DATA-TF accepted, as this side announced in its user information
     *                         (0 for unlimited is not offered: a bound is always kept)
     */
    public PduReader(InputStream in, long maxDataPduLength) {
        if (maxDataPduLength <= 0) {
            throw new IllegalArgumentException("A maximum PDU length is required");
        }
        this.in = new DataInputStream(in);
        this.maxDataPduLength = maxDataPduLength;
    }

    /**
     * Whether bytes of a next PDU have arrived and wait to be read, so that a sender of many messages can look for
     * a C-CANCEL without blocking. Over TLS only already decrypted bytes count, so a cancel may be seen late.
     */
    public boolean hasBufferedInput() throws IOException {
        return in.available() > 0;
    }

    /** The next PDU; EOFException when the peer closed the connection between PDUs. */
    public Pdu read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("The peer closed the connection");
        }
        in.readUnsignedByte();
        long length = Integer.toUnsignedLong(in.readInt());
        long limit = type == 0x04 ? maxDataPduLength : MAX_ASSOCIATION_PDU;
        if (type < 0x01 || type > 0x07) {
            throw new PduFormatException(0, "unknown PDU type 0x" + Integer.toHexString(type));
        }
        if (length > limit) {
            throw new PduFormatException(2, "length " + length + " exceeds the limit of " + limit + " bytes");
        }
        if (type == 0x04) {
            return dataTransfer(length);
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            return switch (type) {
                case 0x01 -> associateRequest(buffer);
                case 0x02 -> associateAccept(buffer);
                case 0x03 -> new AssociateReject(fixed(buffer, 4)[1] == 1, AssociateReject.Source.of(body[2]),
                        body[3] & 0xFF);
                case 0x05 -> release(buffer, new ReleaseRequest());
                case 0x06 -> release(buffer, new ReleaseResponse());
                default -> new Abort(fixed(buffer, 4)[2] & 0xFF, body[3] & 0xFF);
            };
        } catch (IllegalArgumentException e) {
            throw new PduFormatException(6 + buffer.position(), e.getMessage());
        } catch (java.nio.BufferUnderflowException e) {
            // Found by fuzzing: an item (e.g. a 0x51 maximum length of 2 bytes) shorter than its fixed fields.
            throw new PduFormatException(6 + buffer.position(), "an item is shorter than the fields it must hold");
        }
    }

    private static byte[] fixed(ByteBuffer body, int expected) throws PduFormatException {
        if (body.remaining() != expected) {
            throw new PduFormatException(6, "expected " + expected + " bytes, found " + body.remaining());
        }
        return body.array();
    }

    private static <T extends Pdu> T release(ByteBuffer body, T pdu) throws PduFormatException {
        fixed(body, 4);
        return pdu;
    }

    private static AssociateRequest associateRequest(ByteBuffer body) throws PduFormatException {
        Items items = items(body, 0x20, "A-ASSOCIATE-RQ");
        List<PresentationContext> contexts = new ArrayList<>();
        for (ByteBuffer item : items.contexts()) {
            int id = item.get() & 0xFF;
            item.position(item.position() + 3);
            String abstractSyntax = null;
            List<String> transferSyntaxes = new ArrayList<>();
            while (item.hasRemaining()) {
                int subType = item.get() & 0xFF;
                ByteBuffer sub = item(item);
                if (subType == 0x30) {
                    abstractSyntax = uid(sub);
                } else if (subType == 0x40) {
                    transferSyntaxes.add(uid(sub));
                }
            }
            contexts.add(new PresentationContext(id, abstractSyntax, transferSyntaxes));
        }
        return new AssociateRequest(items.header().called, items.header().calling, contexts, items.user());
    }

    private static AssociateAccept associateAccept(ByteBuffer body) throws PduFormatException {
        Items items = items(body, 0x21, "A-ASSOCIATE-AC");
        List<PresentationContextResult> results = new ArrayList<>();
        for (ByteBuffer item : items.contexts()) {
            int id = item.get() & 0xFF;
            item.get();
            int result = item.get() & 0xFF;
            item.get();
            String transferSyntax = null;
            while (item.hasRemaining()) {
                int subType = item.get() & 0xFF;
                ByteBuffer sub = item(item);
                if (subType == 0x40) {
                    transferSyntax = uid(sub);
                }
            }
            results.add(new PresentationContextResult(id, PresentationContextResult.Result.of(result), transferSyntax));
        }
        return new AssociateAccept(items.header().called, items.header().calling, results, items.user());
    }

    /** The variable items both association PDUs share, with their presentation context items left to the caller. */
    private record Items(Header header, List<ByteBuffer> contexts, UserInformation user) {
    }

    private static Items items(ByteBuffer body, int contextItemType, String pduName) throws PduFormatException {
        Header header = header(body);
        List<ByteBuffer> contexts = new ArrayList<>();
        UserInformation user = null;
        while (body.hasRemaining()) {
            int type = body.get() & 0xFF;
            ByteBuffer item = item(body);
            if (type == 0x10) {
                applicationContext(item);
            } else if (type == contextItemType) {
                contexts.add(item);
            } else if (type == 0x50) {
                user = userInformation(item);
            }
            // PS3.8 9.3.2: items of unknown type are ignored.
        }
        if (user == null) {
            throw new PduFormatException(6, pduName + " without user information item");
        }
        return new Items(header, contexts, user);
    }

    private record Header(AeTitle called, AeTitle calling) {
    }

    private static Header header(ByteBuffer body) throws PduFormatException {
        if (body.remaining() < 68) {
            throw new PduFormatException(6, "association PDU shorter than its fixed 68-byte header");
        }
        int version = body.getShort() & 0xFFFF;
        if ((version & 1) == 0) {
            throw new PduFormatException(6, "protocol version 1 not offered (0x" + Integer.toHexString(version) + ")");
        }
        body.getShort();
        AeTitle called = ae(body);
        AeTitle calling = ae(body);
        body.position(body.position() + 32);
        return new Header(called, calling);
    }

    private static AeTitle ae(ByteBuffer body) {
        byte[] field = new byte[16];
        body.get(field);
        return new AeTitle(new String(field, StandardCharsets.US_ASCII));
    }

    private static void applicationContext(ByteBuffer item) throws PduFormatException {
        String name = uid(item);
        if (!Uids.APPLICATION_CONTEXT.equals(name)) {
            throw new PduFormatException(0, "unsupported application context " + name);
        }
    }

    private static UserInformation userInformation(ByteBuffer item) throws PduFormatException {
        long maxLength = 0;
        String implementationClass = null;
        String versionName = null;
        Integer invoked = null;
        Integer performed = null;
        List<RoleSelection> roles = new ArrayList<>();
        while (item.hasRemaining()) {
            int type = item.get() & 0xFF;
            ByteBuffer sub = item(item);
            switch (type) {
                case 0x51 -> maxLength = Integer.toUnsignedLong(sub.getInt());
                case 0x52 -> implementationClass = uid(sub);
                case 0x53 -> {
                    invoked = sub.getShort() & 0xFFFF;
                    performed = sub.getShort() & 0xFFFF;
                }
                case 0x54 -> {
                    int uidLength = sub.getShort() & 0xFFFF;
                    if (uidLength > sub.remaining() - 2) {
                        throw new PduFormatException(0, "role selection UID length overruns its item");
                    }
                    byte[] uid = new byte[uidLength];
                    sub.get(uid);
                    roles.add(new RoleSelection(trim(uid), sub.get() == 1, sub.get() == 1));
                }
                case 0x55 -> versionName = text(sub);
                default -> {
                    // Extended negotiation and user identity are answered by the services that need them.
                }
            }
        }
        if (implementationClass == null) {
            throw new PduFormatException(0, "user information without implementation class UID");
        }
        return new UserInformation(maxLength, implementationClass, versionName, invoked, performed, roles);
    }

    /** Reads the PDVs straight from the stream into their own arrays: the bulk of DICOM traffic, copied once. */
    private DataTransfer dataTransfer(long length) throws IOException {
        List<DataTransfer.Pdv> values = new ArrayList<>();
        long remaining = length;
        while (remaining > 0) {
            if (remaining < 6) {
                throw new PduFormatException(6 + length - remaining, "truncated presentation data value");
            }
            long pdvLength = Integer.toUnsignedLong(in.readInt());
            if (pdvLength < 2 || pdvLength > remaining - 4) {
                throw new PduFormatException(2 + length - remaining, "PDV length " + pdvLength + " does not fit the PDU");
            }
            int contextId = in.readUnsignedByte();
            int control = in.readUnsignedByte();
            byte[] data = new byte[(int) pdvLength - 2];
            in.readFully(data);
            values.add(new DataTransfer.Pdv(contextId, (control & 1) != 0, (control & 2) != 0, data));
            remaining -= 4 + pdvLength;
        }
        if (values.isEmpty()) {
            throw new PduFormatException(6, "P-DATA-TF without presentation data values");
        }
        return new DataTransfer(values);
    }

    /** The next item's value; the item header's type byte has been read already. */
    private static ByteBuffer item(ByteBuffer parent) throws PduFormatException {
        if (parent.remaining() < 3) {
            throw new PduFormatException(6 + parent.position(), "truncated item header");
        }
        parent.get();
        int length = parent.getShort() & 0xFFFF;
        if (length > parent.remaining()) {
            throw new PduFormatException(4 + parent.position(), "item length " + length + " overruns its container");
        }
        ByteBuffer value = parent.slice(parent.position(), length);
        parent.position(parent.position() + length);
        return value;
    }

    private static String uid(ByteBuffer item) {
        byte[] value = new byte[item.remaining()];
        item.get(value);
        return trim(value);
    }

    private static String text(ByteBuffer item) {
        return uid(item);
    }

    /** Strips the NUL or space padding some implementations add despite PS3.8. */
    private static String trim(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }
}
