package org.rayport.dicom.data.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;

public class Part10HeaderTest {

    private static byte[] file() throws IOException {
        Attributes ds = Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7")
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, "1.2.3.4")
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, "1.2.3")
                .setString(Tags.PATIENT_NAME, Vr.PN, "Doe^Jane")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        return out.toByteArray();
    }

    @Test
    public void theStreamIsLeftAtTheDataSet() throws IOException {
        byte[] file = file();
        InputStream in = new ByteArrayInputStream(file);
        Part10Header header = Part10Header.read(in);
        assertEquals("1.2.840.10008.5.1.4.1.1.7", header.sopClassUid());
        assertEquals("1.2.3.4", header.sopInstanceUid());
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, header.transferSyntax());
        Attributes rest = Part10Reader.defaults().parseDataSet(in, header.transferSyntax());
        assertEquals(Part10Reader.read(new ByteArrayInputStream(file)).dataset(), rest);
    }

    @Test
    public void whatIsNotPart10IsRefusedWithTheOffset() throws IOException {
        assertRefused("not DICOM at all".getBytes(), "no 'DICM' at offset 128");
        byte[] file = file();
        byte[] noGroupLength = file.clone();
        noGroupLength[136] = 'X';
        assertRefused(noGroupLength, "(0002,0000) UL at offset 132");
        assertRefused(Arrays.copyOf(file, 150), "ends after 6 of");
        byte[] huge = file.clone();
        huge[143] = 0x10;
        assertRefused(huge, "at offset 140 exceeds");
        assertArrayEquals(file, file());
    }

    private static void assertRefused(byte[] bytes, String message) throws IOException {
        try {
            Part10Header.read(new ByteArrayInputStream(bytes));
            fail("read " + bytes.length + " bytes as Part 10");
        } catch (Part10Header.NotPart10Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }
}
