package org.rayport.dicom.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.data.json.DicomJson;
import org.rayport.dicom.data.xml.NativeDicomModel;

/**
 * Coverage-guided fuzzing of the Part 10 reader with Jazzer: any bytes give a DicomFile or an
 * IOException (DicomParseException for malformed input), never another exception, a hang or
 * an allocation beyond the small test heap. What parses is also written as Part 10, JSON and
 * XML, so the writers meet every shape the reader lets through.
 *
 * <p>In {@code mvn verify} this runs once per seed in Part10ReaderFuzzTestInputs/parse (regression
 * mode, seconds); {@code scripts/fuzz.sh part10 <seconds>} fuzzes for real.
 */
class Part10ReaderFuzzTest {

    private static final BulkDataPolicy REFER_ENCAPSULATED =
            (path, element) -> element.isEncapsulated() ? "bulk/" + path : null;

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        DicomFile file;
        try {
            file = Part10Reader.defaults().withMaxDepth(16).parse(new ByteArrayInputStream(input));
        } catch (IOException malformed) {
            return;
        }
        try {
            TransferSyntax syntax = file.transferSyntax().bigEndian() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : file.transferSyntax();
            try {
                Part10Writer.of(syntax).writeDataSet(file.dataset(), OutputStream.nullOutputStream());
            } catch (IllegalArgumentException notWritableAs) {
                // pixel data compressed but syntax not encapsulated (or the reverse): refused by design
            }
            DicomJson.write(file.dataset(), OutputStream.nullOutputStream(), REFER_ENCAPSULATED);
            NativeDicomModel.write(file.dataset(), OutputStream.nullOutputStream(), REFER_ENCAPSULATED);
        } catch (IOException tooLongForItsVr) {
            // e.g. an implicit VR value over 64 KiB that explicit VR's 16-bit length cannot hold
        }
    }
}
