package org.rayport.upload.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/** The SOP Instance UID read from the File Meta Information alone, and nothing from files without one. */
public class Part10MetaTest {

    @Test
    public void theUidComesFromTheMetaInformationAndBrokenFilesGiveNone() throws Exception {
        Path dir = Files.createTempDirectory("part10-meta-");
        Path file = dir.resolve("ct.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, "1.2.3.4.5")
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, "1.2.3")
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, "1.2.3.4")
                .setBytes(Tags.PIXEL_DATA, Vr.OW, new byte[1 << 20])
                .build(), file);
        assertEquals(Optional.of("1.2.3.4.5"), UploadResource.sopInstanceUid(file));

        byte[] whole = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.dcm");
        Files.write(truncated, java.util.Arrays.copyOf(whole, 150));
        assertEquals(Optional.empty(), UploadResource.sopInstanceUid(truncated));

        Path huge = dir.resolve("huge-meta.dcm");
        byte[] claim = java.util.Arrays.copyOf(whole, 144);
        claim[143] = 0x7F;
        Files.write(huge, claim);
        assertEquals(Optional.empty(), UploadResource.sopInstanceUid(huge));
    }
}
