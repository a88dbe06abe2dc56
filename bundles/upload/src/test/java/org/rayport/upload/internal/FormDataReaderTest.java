package org.rayport.upload.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.upload.internal.FormDataReader.FormPart;
import org.rayport.upload.internal.FormDataReader.HeadersTooLargeException;
import org.rayport.upload.internal.FormDataReader.MalformedFormDataException;
import org.rayport.upload.internal.ReceivedParts.Content;

/**
 * The multipart/form-data reading and spooling of uploads: parts and fields as a browser sends them, a body cut off
 * inside a part or before its closing boundary, oversized part headers, and sniffing by content into private temp
 * files that are gone afterwards.
 */
public class FormDataReaderTest {

    private static final String BOUNDARY = "----rayport-test-boundary";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private Path home;

    @Before
    public void setUp() throws IOException {
        home = Files.createTempDirectory("upload-test-");
    }

    @After
    public void tearDown() throws IOException {
        try (var walk = Files.walk(home)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /** A form body: each entry is {name, filename or null, content type or null, content}. */
    private static byte[] form(Object[]... parts) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object[] part : parts) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                    + part[0] + "\"");
            if (part[1] != null) {
                head.append("; filename=\"").append(part[1]).append('"');
            }
            head.append("\r\n");
            if (part[2] != null) {
                head.append("Content-Type: ").append(part[2]).append("\r\n");
            }
            head.append("\r\n");
            body.write(head.toString().getBytes(StandardCharsets.UTF_8));
            body.write((byte[]) part[3]);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static byte[] dicomHead(int length) {
        byte[] data = new byte[length];
        Arrays.fill(data, 0, 128, (byte) 0);
        data[128] = 'D';
        data[129] = 'I';
        data[130] = 'C';
        data[131] = 'M';
        for (int i = 132; i < length; i++) {
            data[i] = (byte) (i * 31);
        }
        return data;
    }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H'};

    @Test
    public void partsAndFieldsArriveInOrderWithTheirNamesAndBytes() throws Exception {
        byte[] dicom = dicomHead(100_000);
        // A boundary-like line inside the content must not end the part.
        byte[] tricky = ("%PDF-1.4\r\n--" + BOUNDARY + "x\r\nnot the end").getBytes(StandardCharsets.US_ASCII);
        byte[] body = form(new Object[] {"file", "ct.dcm", "application/dicom", dicom},
                new Object[] {"patientName", null, null, "Müller^Jörg".getBytes(StandardCharsets.UTF_8)},
                new Object[] {"file", "report.pdf", "application/octet-stream", tricky});
        List<FormPart> parts = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        int count = FormDataReader.read(new ByteArrayInputStream(body), TYPE, (part, content) -> {
            parts.add(part);
            contents.add(content.readAllBytes());
        });
        assertEquals(3, count);
        assertEquals(new FormPart(0, "file", "ct.dcm", "application/dicom"), parts.get(0));
        assertArrayEquals(dicom, contents.get(0));
        assertEquals("patientName", parts.get(1).name());
        assertNull(parts.get(1).filename());
        assertEquals("Müller^Jörg", new String(contents.get(1), StandardCharsets.UTF_8));
        assertEquals("report.pdf", parts.get(2).filename());
        assertArrayEquals(tricky, contents.get(2));
    }

    @Test
    public void aBodyCutOffInsideAPartIsRefusedNotReadAsAShortPart() throws Exception {
        byte[] whole = form(new Object[] {"file", "a.dcm", null, dicomHead(50_000)});
        for (int cut : new int[] {whole.length - 3, whole.length / 2, 200}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            try {
                FormDataReader.read(new ByteArrayInputStream(truncated), TYPE, (part, content) ->
                        content.transferTo(java.io.OutputStream.nullOutputStream()));
                fail("a body cut at " + cut + " of " + whole.length + " bytes was read");
            } catch (MalformedFormDataException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("part 1")
                        || expected.getMessage().contains("closing boundary"));
            }
        }
    }

    @Test
    public void aBodyThatIsNoMultipartIsMalformed() throws Exception {
        try {
            FormDataReader.read(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)),
                    "multipart/form-data", (part, content) -> fail("no part expected"));
            fail("read without a boundary");
        } catch (MalformedFormDataException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("boundary"));
        }
    }

    @Test
    public void oversizedPartHeadersAreRefusedBeforeTheyAreHeld() throws Exception {
        String longName = "x".repeat(FormDataReader.MAX_HEADER_LENGTH + 10);
        byte[] longHeader = form(new Object[] {longName, "a.png", "image/png", PNG});
        try {
            FormDataReader.read(new ByteArrayInputStream(longHeader), TYPE, (part, content) -> fail("no part"));
            fail("an over-long header was read");
        } catch (HeadersTooLargeException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("part 1"));
        }
        StringBuilder many = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\";"
                + " filename=\"a.png\"\r\n");
        for (int i = 0; i < FormDataReader.MAX_HEADER_COUNT + 5; i++) {
            many.append("X-Filler-").append(i).append(": y\r\n");
        }
        many.append("\r\nabc\r\n--" + BOUNDARY + "--\r\n");
        try {
            FormDataReader.read(new ByteArrayInputStream(many.toString().getBytes(StandardCharsets.US_ASCII)), TYPE,
                    (part, content) -> fail("no part"));
            fail("too many headers were read");
        } catch (HeadersTooLargeException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("headers"));
        }
    }

    @Test
    public void filesAreSniffedByContentSpooledPrivatelyAndDeletedAfterwards() throws Exception {
        SpoolFolder spool = SpoolFolder.open(home.resolve("tmp/uploads"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.folder())));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
        byte[] body = form(new Object[] {"file", "photo.bin", "application/octet-stream", jpeg},
                new Object[] {"file", "scan.png", "image/png", PNG},
                new Object[] {"file", "x.dcm", "application/dicom", dicomHead(300)},
                new Object[] {"file", "r.pdf", "application/pdf", "%PDF-1.7 x".getBytes(StandardCharsets.US_ASCII)},
                new Object[] {"patientId", null, null, "P-1".getBytes(StandardCharsets.US_ASCII)});
        try (ReceivedParts received = new ReceivedParts(spool, UploadResource.FIELDS)) {
            FormDataReader.read(new ByteArrayInputStream(body), TYPE, received);
            assertEquals(List.of(Content.JPEG, Content.PNG, Content.DICOM, Content.PDF),
                    received.files().stream().map(ReceivedParts.SpooledFile::content).toList());
            assertEquals(Map.of("patientId", "P-1"), received.fields());
            Path first = received.files().get(0).file();
            assertTrue(first.startsWith(spool.folder()));
            assertArrayEquals(jpeg, Files.readAllBytes(first));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
            assertEquals(4, spool.files().size());
        }
        assertEquals(List.of(), spool.files());
    }

    @Test
    public void aTextFileIsRefusedByItsContentWhateverItsDeclaredType() throws Exception {
        SpoolFolder spool = SpoolFolder.open(home.resolve("tmp/uploads"));
        byte[] bmp = {'B', 'M', 0, 0, 0, 0};
        for (byte[] refused : List.of("just some notes".getBytes(StandardCharsets.US_ASCII), bmp)) {
            byte[] body = form(new Object[] {"file", "notes.png", "image/png", refused});
            try (ReceivedParts received = new ReceivedParts(spool, UploadResource.FIELDS)) {
                FormDataReader.read(new ByteArrayInputStream(body), TYPE, received);
                fail("accepted " + new String(refused, StandardCharsets.ISO_8859_1));
            } catch (ReceivedParts.UnsupportedPart expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("part 1 (notes.png) is declared"
                        + " image/png"));
            }
            assertEquals(List.of(), spool.files());
        }
    }

    @Test
    public void unknownAndOverlongFieldsAreNamed() throws Exception {
        SpoolFolder spool = SpoolFolder.open(home.resolve("tmp/uploads"));
        Object[][][] cases = {
            {{"colour", null, null, "blue".getBytes(StandardCharsets.US_ASCII)}},
            {{"patientName", null, null, "y".repeat(ReceivedParts.MAX_FIELD_BYTES + 1)
                    .getBytes(StandardCharsets.US_ASCII)}}};
        for (Object[][] parts : cases) {
            try (ReceivedParts received = new ReceivedParts(spool, UploadResource.FIELDS)) {
                FormDataReader.read(new ByteArrayInputStream(form(parts)), TYPE, received);
                fail("accepted " + parts[0][0]);
            } catch (ReceivedParts.InvalidField expected) {
                assertEquals(parts[0][0], expected.field());
            }
        }
    }

    @Test
    public void leftoversOfACrashAreDeletedWhenTheFolderOpens() throws Exception {
        Path folder = Files.createDirectories(home.resolve("tmp/uploads"));
        Files.write(folder.resolve("part-1.part"), new byte[] {1, 2, 3});
        SpoolFolder spool = SpoolFolder.open(folder);
        assertEquals(List.of(), spool.files());
    }
}
