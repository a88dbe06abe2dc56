package org.rayport.dicom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.rayport.dicom.data.json.DicomJson;
import org.rayport.dicom.data.xml.NativeDicomModel;

/**
 * Fuzzing of the DICOM JSON and Native DICOM Model readers: any document gives data sets or an
 * IOException naming the problem, and what was read can be written again.
 */
class DicomJsonFuzzTest {

    private static final BulkDataResolver EMPTY = (uri, tag, vr) -> BulkData.ofBytes(new byte[0]);

    @FuzzTest(maxDuration = "30s")
    void readJson(byte[] input) {
        try {
            for (Attributes attrs : DicomJson.readArray(new ByteArrayInputStream(input), EMPTY)) {
                DicomJson.write(attrs, OutputStream.nullOutputStream(), BulkDataPolicy.inlineAll());
            }
        } catch (IOException rejected) {
            // a clear refusal is the expected outcome for most inputs
        }
    }

    @FuzzTest(maxDuration = "30s")
    void readXml(byte[] input) {
        try {
            Attributes attrs = NativeDicomModel.read(new ByteArrayInputStream(input), EMPTY);
            NativeDicomModel.write(attrs, OutputStream.nullOutputStream(), BulkDataPolicy.inlineAll());
        } catch (IOException rejected) {
            // a clear refusal is the expected outcome for most inputs
        }
    }
}
