package org.rayport.dicom.net.pdu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the PDU reader with Jazzer: bytes from an untrusted peer give PDUs
 * or an IOException (PduFormatException for malformed PDUs), never another exception, a hang or
 * an allocation beyond the bound the reader was given. Regression mode in {@code mvn verify}
 * runs the seeds in PduReaderFuzzTestInputs/read; {@code scripts/fuzz.sh pdu <seconds>} fuzzes.
 */
class PduReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(byte[] input) {
        PduReader reader = new PduReader(new ByteArrayInputStream(input), 64 * 1024);
        try {
            for (int i = 0; i < 64; i++) {
                Pdu pdu = reader.read();
                if (pdu == null) {
                    throw new IllegalStateException("PduReader.read() returned null");
                }
            }
        } catch (EOFException end) {
            // the peer closed the connection between or inside PDUs
        } catch (IOException malformed) {
            // PduFormatException, or a PDU cut short
        }
    }
}
