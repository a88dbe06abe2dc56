package org.rayport.dicom.data.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkDataPolicy;
import org.rayport.dicom.data.BulkDataResolver;

/**
 * The DICOM JSON Model (PS3.18 Annex F.2), the body of QIDO-RS responses and WADO-RS
 * metadata, on Jackson's streaming core (no data binding, no tree of the whole document):
 *
 * <pre>{@code
 * DicomJson.write(dataset, out, BulkDataPolicy.inlineAll());
 * try (DicomJson.ArrayWriter array = DicomJson.arrayWriter(out, BulkDataPolicy.referenceAbove(1024,
 *         path -> baseUrl + "/bulkdata/" + path))) {
 *     for (Attributes instance : instances) {
 *         array.write(instance);          // streamed one by one
 *     }
 * }
 * Attributes back = DicomJson.read(in, BulkDataResolver.none());
 * }</pre>
 *
 * The writer's and reader's choices are described on {@link DicomJsonWriter} and
 * {@link DicomJsonReader}. Output is UTF-8 and compact.
 */
public final class DicomJson {

    /**
     * Jackson limits strings to 20 MB by default; InlineBinary of uncompressed pixel data
     * is larger. 512 MiB of base64 still bounds what a document can make us allocate.
     */
    private static final int MAX_STRING_LENGTH = 512 * 1024 * 1024;

    private DicomJson() {
    }

    private static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
                .build();
    }

    /** Writes one data set as a JSON object to {@code out} (flushed, not closed). */
    public static void write(Attributes attrs, OutputStream out, BulkDataPolicy policy) throws IOException {
        try (JsonGenerator json = generator(out)) {
            new DicomJsonWriter(json, policy).write(attrs);
        }
    }

    /** Writes data sets as a JSON array to {@code out} (flushed, not closed). */
    public static void writeArray(Iterable<Attributes> datasets, OutputStream out, BulkDataPolicy policy) throws IOException {
        try (ArrayWriter array = arrayWriter(out, policy)) {
            for (Attributes attrs : datasets) {
                array.write(attrs);
            }
        }
    }

    /** Starts a JSON array on {@code out}; each {@link ArrayWriter#write} streams one data set. */
    public static ArrayWriter arrayWriter(OutputStream out, BulkDataPolicy policy) throws IOException {
        JsonGenerator json = generator(out);
        json.writeStartArray();
        return new ArrayWriter(json, new DicomJsonWriter(json, policy));
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator json = factory().createGenerator(out, JsonEncoding.UTF8);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return json;
    }

    /** Reads one data set (a JSON object). */
    public static Attributes read(InputStream in, BulkDataResolver resolver) throws IOException {
        try (JsonParser json = parser(in)) {
            Attributes attrs = new DicomJsonReader(json, resolver).read();
            if (json.nextToken() != null) {
                throw new DicomJsonException("content after the data set", json.currentLocation());
            }
            return attrs;
        }
    }

    /** Reads an array of data sets (or a single one); each goes to {@code sink} as soon as it is read. */
    public static void readArray(InputStream in, BulkDataResolver resolver, Consumer<Attributes> sink) throws IOException {
        try (JsonParser json = parser(in)) {
            new DicomJsonReader(json, resolver).readAll(sink);
            if (json.nextToken() != null) {
                throw new DicomJsonException("content after the array", json.currentLocation());
            }
        }
    }

    public static List<Attributes> readArray(InputStream in, BulkDataResolver resolver) throws IOException {
        List<Attributes> all = new ArrayList<>();
        readArray(in, resolver, all::add);
        return all;
    }

    private static JsonParser parser(InputStream in) throws IOException {
        JsonParser json = factory().createParser(in);
        json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return json;
    }

    /** An open JSON array of data sets; {@link #close()} ends the array and flushes. Not thread-safe. */
    public static final class ArrayWriter implements Closeable {

        private final JsonGenerator json;
        private final DicomJsonWriter writer;

        private ArrayWriter(JsonGenerator json, DicomJsonWriter writer) {
            this.json = json;
            this.writer = writer;
        }

        public void write(Attributes attrs) throws IOException {
            writer.write(attrs);
        }

        @Override
        public void close() throws IOException {
            json.writeEndArray();
            json.close();
        }
    }
}
