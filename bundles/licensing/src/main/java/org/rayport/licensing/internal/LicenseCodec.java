package org.rayport.licensing.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.rayport.licensing.License;
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseException.Reason;

/**
 * The licence file: UTF-8 text, one {@code name=value} per line, signed with Ed25519 over every line before the last
 * one, which holds the signature. A person can read what a licence grants; any change voids it. Example:
 * <pre>
 * # Rayport licence. Changing any line above the signature voids it.
 * format=rayport-license-1
 * id=3f1c...
 * licensee=Klinikum Nord
 * registrationKey=7K3M-Q9ZT-4WXH-2NB6
 * notBefore=2026-01-01T00:00:00Z
 * notAfter=2027-01-01T00:00:00Z
 * modules=gateway,ldap
 * maxDevices=10
 * issuedAt=2025-12-20T09:14:03Z
 * keyId=0123456789abcdef
 * signature=(Base64 of 64 bytes)
 * </pre>
 * The signed text is those lines joined with {@code \n}, each without a trailing {@code \r}, so that a mail program
 * that turns line ends into CR LF does not void the licence.
 * <p>
 * The format is Rayport's own and so is this reader: java.util.Properties would accept nearly any text (a garbage
 * file must be refused as such) and rewrites escapes, which a signature over the bytes cannot allow.
 */
public final class LicenseCodec {

    /** Far above any real licence (about 600 bytes); larger input is refused before it is decoded. */
    public static final int MAX_BYTES = 64 * 1024;

    static final String FORMAT = "rayport-license-1";
    private static final String SIGNATURE = "signature";
    private static final List<String> FIELDS = List.of("format", "id", "licensee", "registrationKey", "notBefore",
            "notAfter", "modules", "maxDevices", "issuedAt", "keyId");
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private LicenseCodec() {
    }

    /** A file split into its lines, before the signature is checked. */
    record Parsed(String signedText, Map<String, Field> fields, String signature, int signatureLine) {
    }

    record Field(String value, int line) {
    }

    /** The text of a licence file for {@code license}, signed with {@code key}. */
    public static byte[] write(License license, PrivateKey key) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("format", FORMAT);
        values.put("id", license.id());
        values.put("licensee", license.licensee());
        values.put("registrationKey", license.registrationKey());
        values.put("notBefore", license.notBefore().toString());
        values.put("notAfter", license.notAfter().toString());
        values.put("modules", String.join(",", license.modules()));
        values.put("maxDevices", Integer.toString(license.maxDevices()));
        values.put("issuedAt", license.issuedAt().toString());
        values.put("keyId", license.keyId());
        StringBuilder text = new StringBuilder("# Rayport licence. Changing any line above the signature voids it.\n");
        values.forEach((name, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("The " + name + " must be one line: '" + value + "'");
            }
            if (!value.equals(value.strip())) {
                throw new IllegalArgumentException("The " + name + " must not start or end with blanks: '" + value + "'");
            }
            text.append(name).append('=').append(value).append('\n');
        });
        for (String module : license.modules()) {
            checkModuleName(module, "the module list");
        }
        String signature = Base64.getEncoder().encodeToString(sign(text.toString(), key));
        text.append(SIGNATURE).append('=').append(signature).append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a licence file and checks its signature against {@code trusted}. Checks of the validity period and the
     * registration key are the caller's, since they depend on when and where.
     *
     * @throws LicenseException EMPTY, TOO_LARGE, MALFORMED, UNKNOWN_KEY or BAD_SIGNATURE
     */
    public static License read(byte[] file, TrustedKeys trusted) {
        Parsed parsed = parse(file);
        Field keyId = required(parsed, "keyId");
        PublicKey key = trusted.key(keyId.value()).orElseThrow(() -> new LicenseException(Reason.UNKNOWN_KEY,
                "The licence is signed with key " + keyId.value() + ", which this server does not trust: it was not"
                        + " issued by the Rayport vendor"));
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(parsed.signature());
        } catch (IllegalArgumentException e) {
            throw malformed(parsed.signatureLine(), "the signature is not Base64 (" + e.getMessage() + ")");
        }
        if (!verifies(parsed.signedText(), signature, key)) {
            throw new LicenseException(Reason.BAD_SIGNATURE, "The licence's signature does not match its content:"
                    + " the file was changed after it was issued. Install the file as the vendor sent it.");
        }
        return license(parsed);
    }

    static Parsed parse(byte[] file) {
        if (file == null || file.length == 0) {
            throw new LicenseException(Reason.EMPTY, "The licence file is empty");
        }
        if (file.length > MAX_BYTES) {
            throw new LicenseException(Reason.TOO_LARGE, "The file has " + file.length + " bytes; a licence has"
                    + " less than 1 KB and " + MAX_BYTES + " bytes at most are read: this is not a licence file");
        }
        String text = utf8(file);
        if (text.isBlank()) {
            throw new LicenseException(Reason.EMPTY, "The licence file holds only blank lines");
        }
        String[] lines = text.split("\n", -1);
        StringBuilder signed = new StringBuilder();
        Map<String, Field> fields = new LinkedHashMap<>();
        String signature = null;
        int signatureLine = 0;
        boolean formatSeen = false;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (signature != null) {
                if (!line.isBlank()) {
                    throw malformed(number, "nothing may follow the signature line " + signatureLine);
                }
                continue;
            }
            if (line.isBlank() && i == lines.length - 1) {
                break;
            }
            if (line.startsWith("#") || line.isBlank()) {
                signed.append(line).append('\n');
                continue;
            }
            int equals = line.indexOf('=');
            if (!formatSeen && !line.equals("format=" + FORMAT)) {
                throw line.startsWith("format=")
                        ? malformed(number, "the format '" + line.substring(7) + "' is unknown to this server; it"
                                + " reads " + FORMAT)
                        : malformed(number, "not a Rayport licence: the first line should be 'format=" + FORMAT + "'");
            }
            formatSeen = true;
            if (equals <= 0) {
                throw malformed(number, "expected name=value");
            }
            String name = line.substring(0, equals);
            String value = line.substring(equals + 1);
            if (name.equals(SIGNATURE)) {
                signature = value.strip();
                signatureLine = number;
                continue;
            }
            if (!FIELDS.contains(name)) {
                throw malformed(number, "unknown field '" + name + "'; a newer Rayport may read this licence");
            }
            if (fields.put(name, new Field(value, number)) != null) {
                throw malformed(number, "the field '" + name + "' appears twice");
            }
            signed.append(line).append('\n');
        }
        if (signature == null) {
            throw malformed(lines.length, "the file has no signature line");
        }
        return new Parsed(signed.toString(), fields, signature, signatureLine);
    }

    private static License license(Parsed parsed) {
        String id = required(parsed, "id").value();
        String licensee = required(parsed, "licensee").value().strip();
        Field registrationKey = required(parsed, "registrationKey");
        Instant notBefore = instant(required(parsed, "notBefore"), "notBefore");
        Field notAfterField = required(parsed, "notAfter");
        Instant notAfter = instant(notAfterField, "notAfter");
        Instant issuedAt = instant(required(parsed, "issuedAt"), "issuedAt");
        Field modulesField = parsed.fields().get("modules");
        if (modulesField == null) {
            // Present but empty is fine: a licence may raise only the device limit.
            required(parsed, "modules");
        }
        Set<String> modules = new LinkedHashSet<>();
        for (String module : modulesField.value().split(",")) {
            if (!module.isBlank()) {
                try {
                    modules.add(checkModuleName(module.strip(), "the module list"));
                } catch (IllegalArgumentException e) {
                    throw malformed(modulesField.line(), e.getMessage());
                }
            }
        }
        Field maxDevicesField = required(parsed, "maxDevices");
        int maxDevices;
        try {
            maxDevices = Integer.parseInt(maxDevicesField.value().strip());
        } catch (NumberFormatException e) {
            throw malformed(maxDevicesField.line(), "maxDevices '" + maxDevicesField.value() + "' is not a number");
        }
        if (maxDevices < 0) {
            throw malformed(maxDevicesField.line(), "maxDevices must not be negative");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw malformed(notAfterField.line(), "notAfter is not after notBefore");
        }
        String key;
        try {
            key = RegistrationKey.normalise(registrationKey.value());
        } catch (IllegalArgumentException e) {
            throw malformed(registrationKey.line(), e.getMessage());
        }
        return new License(id, licensee, key, notBefore, notAfter, modules, maxDevices, issuedAt,
                required(parsed, "keyId").value());
    }

    static String checkModuleName(String module, String where) {
        if (!MODULE_NAME.matcher(module).matches()) {
            throw new IllegalArgumentException("'" + module + "' in " + where + " is not a module name (lower-case"
                    + " letters, digits and dashes, starting with a letter)");
        }
        return module;
    }

    private static Field required(Parsed parsed, String name) {
        Field field = parsed.fields().get(name);
        if (field == null || field.value().isBlank()) {
            throw new LicenseException(Reason.MALFORMED, "Not a valid Rayport licence: the field '" + name
                    + "' is missing");
        }
        return field;
    }

    private static Instant instant(Field field, String name) {
        try {
            return Instant.parse(field.value().strip());
        } catch (DateTimeParseException e) {
            throw malformed(field.line(), name + " '" + field.value() + "' is not an ISO-8601 instant such as"
                    + " 2027-01-01T00:00:00Z");
        }
    }

    /** Strict UTF-8, so that a binary file is named as such, with the offset of the first byte that is not text. */
    private static String utf8(byte[] file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file);
        CharBuffer out = CharBuffer.allocate(file.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new LicenseException(Reason.MALFORMED, "Not a Rayport licence: the file is not UTF-8 text (byte "
                    + String.format("0x%02x", file[in.position()] & 0xff) + " at offset " + in.position() + ")");
        }
        decoder.flush(out);
        for (int i = 0; i < out.position(); i++) {
            char c = out.get(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                throw new LicenseException(Reason.MALFORMED, "Not a Rayport licence: the file holds the control"
                        + " character " + String.format("0x%02x", (int) c) + " (character " + i + ")");
            }
        }
        return out.flip().toString();
    }

    private static LicenseException malformed(int line, String problem) {
        return new LicenseException(Reason.MALFORMED, "Not a valid Rayport licence: line " + line + ": " + problem);
    }

    private static byte[] sign(String text, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(Pem.ALGORITHM);
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with this key: " + e.getMessage(), e);
        }
    }

    private static boolean verifies(String text, byte[] signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(Pem.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            // A signature of the wrong length: as forged as a wrong one.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this Java runtime", e);
        }
    }
}
