package org.rayport.pseudonymization.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.pseudonymization.Pseudonymizer;

/**
 * The basic profile with HMAC-SHA256 pseudonyms under per-pool secrets kept in
 * {@code ${karaf.etc}/rayport-pseudonymization.p12} (see {@link PoolSecrets}).
 */
@Component(service = Pseudonymizer.class)
public class HmacPseudonymizer implements Pseudonymizer {

    static final String KEY_STORE = "rayport-pseudonymization.p12";

    private final PoolSecrets secrets;
    private final ProfileTable table = ProfileTable.basic();

    @Activate
    public HmacPseudonymizer() {
        this(etc().resolve(KEY_STORE));
    }

    HmacPseudonymizer(Path keyStore) {
        this.secrets = new PoolSecrets(keyStore);
    }

    private static Path etc() {
        String etc = System.getProperty("karaf.etc");
        if (etc == null || etc.isBlank()) {
            throw new IllegalStateException("karaf.etc is not set: pseudonymization keeps its secrets there");
        }
        return Path.of(etc);
    }

    Pseudonyms pseudonyms(String poolId) throws IOException {
        return new Pseudonyms(secrets.of(poolId));
    }

    @Override
    public String pseudonymousUid(String poolId, String uid) throws IOException {
        return pseudonyms(poolId).uid(uid.strip());
    }

    @Override
    public InputStream pseudonymize(String poolId, TransferSyntax syntax, InputStream dataSet) throws IOException {
        Pseudonyms pseudonyms = pseudonyms(poolId);
        if (!syntax.deflated()) {
            return new PseudonymizingInputStream(dataSet, syntax, table, pseudonyms);
        }
        Inflater inflater = new Inflater(true);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        InputStream cleaned = new PseudonymizingInputStream(new InflaterInputStream(dataSet, inflater, 64 * 1024),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, table, pseudonyms);
        return new DeflaterInputStream(cleaned, deflater, 64 * 1024) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end();
                    deflater.end();
                }
            }
        };
    }

    @Override
    public void pseudonymizeFile(String poolId, Path part10File, Path target) throws IOException {
        DicomFile file = Part10Reader.read(part10File);
        Attributes dataSet = file.dataset();
        Deidentifier deidentifier = new Deidentifier(table, pseudonyms(poolId),
                dataSet.element(Tags.PATIENT_ID).map(Deidentifier::text).orElse(""));
        Attributes cleaned = deidentifier.apply(dataSet);
        try (OutputStream out = Files.newOutputStream(target)) {
            Part10Writer.of(file.transferSyntax()).write(cleaned, out);
        }
    }
}
