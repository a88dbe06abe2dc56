package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.itests.Api.Reply;
import org.rayport.store.DatasetIndex;
import org.rayport.store.InstanceStore;
import org.rayport.store.SeriesRecord;
import org.rayport.store.StoredInstance;
import org.rayport.store.StudyQuery;
import org.rayport.store.StudyRecord;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A network-node pool with pseudonymization, made over REST in the booted distribution: storescu sends two series of
 * one patient; the index shows one pseudonymous patient with one study of two series, and neither the stored
 * (decrypted) instances, the encrypted files nor the server's log hold the patient's name, ID or original UIDs.
 */
public class PseudonymizationIT extends RayportTestSupport {

    private static final String POOLS = "/api/v1/admin/pools";
    private static final String NAME = "Geheimnis^Gustav";
    private static final String PATIENT_ID = "PID-GEHEIM-0815";

    @Inject
    private DatasetIndex index;

    @Inject
    private InstanceStore store;

    private JsonNode awaitState(String admin, String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonNode status = api().get(POOLS + "/" + id + "/status", admin).json();
            if (status != null && state.equals(status.path("state").asText())) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pool " + id + " did not become " + state + " within 120 s: " + status);
            }
            Thread.sleep(200);
        }
    }

    private static Attributes ct(String study, String series, String instance, int number) {
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            pixels[i] = (byte) (i * 7 + number);
        }
        return Attributes.builder()
                .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 192")
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, instance)
                .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                .setString(Tag.named("SeriesInstanceUID"), Vr.UI, series)
                .setString(Tag.named("PatientName"), Vr.PN, NAME)
                .setString(Tag.named("PatientID"), Vr.LO, PATIENT_ID)
                .setString(Tag.named("PatientBirthDate"), Vr.DA, "19610412")
                .setString(Tag.named("StudyDate"), Vr.DA, "20261127")
                .setString(Tag.named("AccessionNumber"), Vr.SH, "ACC-GEHEIM")
                .setString(Tag.named("InstitutionName"), Vr.LO, "Klinik Geheimhausen")
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .setInt(Tag.named("InstanceNumber"), Vr.IS, number)
                .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                .setInt(Tag.named("Rows"), Vr.US, 64)
                .setInt(Tag.named("Columns"), Vr.US, 64)
                .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                .setInt(Tag.named("BitsStored"), Vr.US, 12)
                .setInt(Tag.named("HighBit"), Vr.US, 11)
                .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
    }

    @Test
    public void twoSeriesOfOnePatientArriveAsOnePseudonymousPatient() throws Exception {
        String admin = adminToken();
        int port = FreePorts.next();
        Reply created = api().post(POOLS, admin, "{\"id\":\"research\",\"name\":\"Research\",\"type\":\"networknode\","
                + "\"port\":" + port + ",\"aeTitle\":\"RESEARCH\",\"users\":[\"admin\"],\"pseudonymize\":true}");
        assertEquals(created.body(), 201, created.status());
        assertTrue("the burned-in text warning stays: " + created.body(),
                created.body().contains("burned into the pixel data"));
        assertEquals("", awaitState(admin, "research", "RUNNING").get("lastError").asText());

        Path work = Files.createTempDirectory("pseudonymization-");
        String study = "1.2.826.0.1.3680043.8.498." + Math.abs(System.nanoTime());
        List<String> originals = new ArrayList<>(List.of(study));
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RESEARCH", "127.0.0.1",
                Integer.toString(port)));
        for (int series = 1; series <= 2; series++) {
            String seriesUid = study + "." + series;
            originals.add(seriesUid);
            for (int i = 1; i <= 2; i++) {
                String instance = seriesUid + "." + i;
                originals.add(instance);
                Path file = work.resolve("ct" + series + "-" + i + ".dcm");
                Part10Writer.of(series == 1 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                        : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(ct(study, seriesUid, instance, i), file);
                storescu.add(file.toString());
            }
        }
        PeerPrograms.run(work, storescu);

        List<StudyRecord> studies = index.searchStudies(StudyQuery.inPools(Set.of("research"))).items();
        assertEquals("one study: " + studies, 1, studies.size());
        StudyRecord stored = studies.get(0);
        assertEquals(2, stored.seriesCount());
        assertEquals(4, stored.instanceCount());
        assertTrue(stored.patient().name(), stored.patient().name().matches("PSEUDO\\^[A-Z]{8}"));
        assertNotEquals(PATIENT_ID, stored.patient().patientId());
        assertNotEquals(study, stored.studyInstanceUid());
        assertTrue(stored.studyInstanceUid(), stored.studyInstanceUid().startsWith("2.25."));
        assertEquals(0, index.searchStudies(StudyQuery.inPools(Set.of("research")).withPatientName("Geheim")).total());
        assertEquals(1, index.searchStudies(StudyQuery.inPools(Set.of("research")).withPatientName("PSEUDO")).total());
        List<SeriesRecord> series = index.series("research", stored.studyInstanceUid());
        assertEquals(2, series.size());

        List<String> forbidden = new ArrayList<>(originals);
        forbidden.addAll(List.of("Geheimnis", "Gustav", PATIENT_ID, "ACC-GEHEIM", "Geheimhausen", "19610412"));
        for (SeriesRecord one : series) {
            for (StoredInstance instance : index.instances("research", one.seriesInstanceUid())) {
                try (InputStream in = store.openStream("research", instance.sopInstanceUid())) {
                    String decrypted = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    for (String original : forbidden) {
                        assertFalse(original + " in stored instance " + instance, decrypted.contains(original));
                    }
                }
            }
        }
        try (var files = Files.walk(home())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".dcm.enc")).toList()) {
                String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(file.toString(), raw.contains("Geheimnis") || raw.contains(PATIENT_ID));
            }
        }
        Path log = Path.of(System.getProperty("karaf.log"), "karaf.log");
        String logged = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertFalse("the log names the patient", logged.contains("Geheimnis") || logged.contains(PATIENT_ID));
    }
}
