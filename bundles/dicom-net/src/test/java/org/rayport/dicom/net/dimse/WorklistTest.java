package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/**
 * Modality Worklist C-FIND as requester, against DCMTK's file-based worklist SCP. The entries are minimal, so the
 * SCP is told to take incomplete ones ({@code -dfr}).
 */
public class WorklistTest {

    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final Tag STEP_SEQUENCE = Tag.named("ScheduledProcedureStepSequence");
    private static final Tag MODALITY = Tag.named("Modality");

    private Process wlmscpfs;

    @After
    public void stop() throws Exception {
        Peers.stop(wlmscpfs);
    }

    @Test(timeout = 60_000)
    public void rayportReadsTheWorklistOfWlmscpfs() throws Exception {
        Peers.require("wlmscpfs", "dump2dcm");
        Path work = Files.createTempDirectory("worklist-");
        Path entries = Files.createDirectories(work.resolve("data").resolve("WORKLIST"));
        Files.createFile(entries.resolve("lockfile"));
        writeEntry(work, entries, "ct", "WORK^CT", "WL001", "ACC001", "CT");
        writeEntry(work, entries, "mr", "WORK^MR", "WL002", "ACC002", "MR");
        int port = Peers.freePort();
        wlmscpfs = Peers.start(work.resolve("wlmscpfs.out"), List.of("wlmscpfs", "-dfr", "-dfp",
                work.resolve("data").toString(), Integer.toString(port)));
        Peers.awaitListening(port);

        List<Attributes> ct = find(port, "CT");
        assertEquals(1, ct.size());
        assertEquals("WORK^CT", ct.get(0).getString(Tag.named("PatientName")));
        assertEquals("ACC001", ct.get(0).getString(Tag.named("AccessionNumber")));
        Attributes step = ct.get(0).getSequence(STEP_SEQUENCE).get(0);
        assertEquals("CT", step.getString(MODALITY));
        assertEquals("SCANNER1", step.getString(Tag.named("ScheduledStationAETitle")));

        assertEquals(0, find(port, "US").size());
    }

    private static List<Attributes> find(int port, String modality) throws Exception {
        List<Attributes> matches = new ArrayList<>();
        String explicitLe = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new AssociateRequest(AeTitle.of("WORKLIST"), AeTitle.of("SCANNER1"), List.of(
                        new PresentationContext(1, Uids.MODALITY_WORKLIST_FIND, List.of(explicitLe))), USER),
                Duration.ofSeconds(10))) {
            int status = Query.find(association, Uids.MODALITY_WORKLIST_FIND, Attributes.builder()
                    .setString(Tag.named("AccessionNumber"), Vr.SH)
                    .setString(Tag.named("PatientName"), Vr.PN)
                    .setString(Tag.named("PatientID"), Vr.LO)
                    .setSequence(STEP_SEQUENCE, Attributes.builder()
                            .setString(MODALITY, Vr.CS, modality)
                            .setString(Tag.named("ScheduledStationAETitle"), Vr.AE)
                            .setString(Tag.named("ScheduledProcedureStepStartDate"), Vr.DA)
                            .build())
                    .build(), 1, matches::add);
            association.release();
            assertEquals(Commands.SUCCESS, status);
        }
        return matches;
    }

    private static void writeEntry(Path work, Path entries, String name, String patient, String id, String accession,
                                   String modality) throws Exception {
        Path dump = work.resolve(name + ".dump");
        Files.writeString(dump, String.join("\n",
                "(0008,0005) CS [ISO_IR 100]",
                "(0008,0050) SH [" + accession + "]",
                "(0010,0010) PN [" + patient + "]",
                "(0010,0020) LO [" + id + "]",
                "(0020,000d) UI [" + QueryTest.uid() + "]",
                "(0040,0100) SQ (Sequence with undefined length)",
                "(fffe,e000) na (Item with undefined length)",
                "(0008,0060) CS [" + modality + "]",
                "(0040,0001) AE [SCANNER1]",
                "(0040,0002) DA [20261127]",
                "(0040,0003) TM [090000]",
                "(0040,0009) SH [SPS-" + id + "]",
                "(fffe,e00d) na (ItemDelimitationItem)",
                "(fffe,e0dd) na (SequenceDelimitationItem)",
                "(0040,1001) SH [RP-" + id + "]", ""));
        Peers.Result made = Peers.run(work.resolve(name + ".out"), List.of("dump2dcm", dump.toString(),
                entries.resolve(name + ".wl").toString()));
        assertEquals(made.output(), 0, made.exitCode());
    }
}
