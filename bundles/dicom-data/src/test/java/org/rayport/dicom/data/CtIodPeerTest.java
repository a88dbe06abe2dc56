package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.data.samples.SampleData;

/**
 * A CT image built with the Attributes API and written by Part10Writer in every uncompressed
 * syntax (big endian included) is a valid CT Image IOD for dicom3tools' dciodvfy (no "Error"
 * lines), and reads back to the same data set and pixels.
 */
public class CtIodPeerTest {

    static Attributes ct() {
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < 64 * 64; i++) {
            int hu = (i % 64) * 16;   // stored value = HU + 1024, 12 bits
            pixels[2 * i] = (byte) hu;
            pixels[2 * i + 1] = (byte) (hu >>> 8);
        }
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, "ISO_IR 192")
                .setString(Tag.named("ImageType"), "ORIGINAL", "PRIMARY", "AXIAL")
                .setString(Tags.SOP_CLASS_UID, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "2.25.31415926535897932384626433832795028841")
                .setString(Tags.STUDY_DATE, "20240131").setString(Tags.STUDY_TIME, "134501")
                .setString(Tag.named("AccessionNumber"), "ACC42")
                .setString(Tag.named("Modality"), "CT")
                .setString(Tag.named("Manufacturer"), "Rayport")
                .setString(Tag.named("ReferringPhysicianName"), "")
                .setString(Tags.PATIENT_NAME, "Müller^Jörg")
                .setString(Tags.PATIENT_ID, "PID-42")
                .setString(Tag.named("PatientBirthDate"), "19700101")
                .setString(Tag.named("PatientSex"), "M")
                .setString(Tag.named("KVP"), "120")
                .setString(Tag.named("SliceThickness"), "1.25")
                .setString(Tag.named("PatientPosition"), "HFS")
                .setString(Tag.named("BodyPartExamined"), "CHEST")
                .setString(Tag.named("StudyInstanceUID"), "2.25.1001")
                .setString(Tag.named("SeriesInstanceUID"), "2.25.1002")
                .setString(Tag.named("StudyID"), "S1")
                .setInt(Tag.named("SeriesNumber"), 1)
                .setInt(Tag.named("AcquisitionNumber"), 1)
                .setInt(Tags.INSTANCE_NUMBER, 7)
                .setDouble(Tag.named("ImagePositionPatient"), -12.5, 3.25, 100)
                .setDouble(Tag.named("ImageOrientationPatient"), 1, 0, 0, 0, 1, 0)
                .setString(Tag.named("FrameOfReferenceUID"), "2.25.1003")
                .setString(Tag.named("PositionReferenceIndicator"), "")
                .setInt(Tag.named("SamplesPerPixel"), 1)
                .setString(Tag.named("PhotometricInterpretation"), "MONOCHROME2")
                .setInt(Tags.ROWS, 64)
                .setInt(Tag.named("Columns"), 64)
                .setDouble(Tag.named("PixelSpacing"), 0.5, 0.5)
                .setInt(Tag.named("BitsAllocated"), 16)
                .setInt(Tag.named("BitsStored"), 12)
                .setInt(Tag.named("HighBit"), 11)
                .setInt(Tags.PIXEL_REPRESENTATION, 0)
                .setDouble(Tag.named("RescaleIntercept"), -1024)
                .setDouble(Tag.named("RescaleSlope"), 1)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
    }

    @Test
    public void dciodvfyFindsNoErrorsInEverySyntax() throws Exception {
        DcmtkPeer.requireProgram("dciodvfy", "dicom3tools");
        Path dir = Files.createTempDirectory("rayport-iod");
        try {
            Attributes ct = ct();
            for (TransferSyntax syntax : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                    TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
                Path file = dir.resolve("ct.dcm");
                Part10Writer.of(syntax).write(ct, file);
                Path checked = file;
                if (syntax.deflated()) {
                    // dciodvfy cannot inflate (it fails on DCMTK's deflated files alike): DCMTK inflates ours
                    checked = dir.resolve("inflated.dcm");
                    DcmtkPeer.ok(dir, "dcmconv", "+te", file.toString(), checked.toString());
                }
                DcmtkPeer.Result r = DcmtkPeer.run(dir, "dciodvfy", checked.toString());
                String report = r.stderr() + r.stdout();
                List<String> errors = report.lines().filter(l -> l.startsWith("Error")).collect(Collectors.toList());
                assertTrue(syntax.name() + ":\n" + report, errors.isEmpty());
                assertTrue(syntax.name() + ":\n" + report, report.contains("CTImage"));
                DicomFile back = Part10Reader.read(file);
                assertEquals(syntax, back.transferSyntax());
                // values read back carry the even-length padding the writer added: compare them as text
                assertEquals(syntax.name(), ct.toBuilder().remove(Tags.PIXEL_DATA).build().toString(),
                        back.dataset().toBuilder().remove(Tags.PIXEL_DATA).build().toString());
                assertEquals(syntax.name(), Part10PeerTest.sha256(ct.getBulkData(Tags.PIXEL_DATA)),
                        Part10PeerTest.sha256(back.dataset().getBulkData(Tags.PIXEL_DATA)));
            }
        } finally {
            SampleData.deleteScratch(dir);
        }
    }
}
