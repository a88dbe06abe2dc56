package org.rayport.dicom.data.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.BulkDataPolicy;
import org.rayport.dicom.data.BulkDataResolver;
import org.rayport.dicom.data.Dictionary;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.SpecificCharacterSet;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.internal.ModelValues;

/**
 * The Native DICOM Model (PS3.19 Annex A.1), the XML of WADO-RS {@code application/dicom+xml},
 * written and read with the JDK's StAX: streamed element by element, bulk data base64
 * encoded chunk by chunk from its source.
 *
 * <pre>{@code
 * NativeDicomModel.write(dataset, out, BulkDataPolicy.inlineAll());
 * Attributes back = NativeDicomModel.read(in, BulkDataResolver.none());
 * }</pre>
 *
 * Choices, as DCMTK's {@code dcm2xml -nat +U8}: output is UTF-8 and a Specific Character
 * Set is written as ISO_IR 192; private data elements carry {@code privateCreator} and
 * the tag with the block byte cleared ({@code 00090001} for (0009,1001) of the creator at
 * (0009,0010)); group lengths are left out; numbers are written as DICOM text (IS, DS as
 * they are, FL/FD in Java's shortest round-trip form). Unlike dcm2xml, the root carries
 * the standard namespace; the reader takes documents with or without it. Encapsulated
 * pixel data needs a {@code <BulkData uri>} from the policy; when reading, a
 * {@code <BulkData uuid>} reaches the resolver as {@code urn:uuid:...}. Reading refuses DTDs and
 * external entities. Text that the declared character set cannot hold makes the reader
 * switch the data set to ISO_IR 192.
 */
public final class NativeDicomModel {

    public static final String NAMESPACE = "http://dicom.nema.org/PS3.19/models/NativeDICOM";
    private static final String[] PN_GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final String[] PN_COMPONENTS = {"FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"};
    private static final int MAX_DEPTH = 64;
    /** Bytes per base64 chunk: a multiple of 3, so chunks need no padding between them. */
    private static final int CHUNK = 3 * 16 * 1024;

    private NativeDicomModel() {
    }

    // ------------------------------------------------------------------ writing

    /** Writes the data set as a NativeDicomModel document to {@code out} (flushed, not closed). */
    public static void write(Attributes attrs, OutputStream out, BulkDataPolicy policy) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("NativeDicomModel");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("xml:space", "preserve");
            xml.writeCharacters("\n");
            writeDataSet(xml, attrs, "", policy);
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IOException("writing the Native DICOM Model failed: " + e.getMessage(), e);
        }
    }

    private static void writeDataSet(XMLStreamWriter xml, Attributes attrs, String pathPrefix, BulkDataPolicy policy)
            throws XMLStreamException, IOException {
        Map<Integer, String> creators = privateCreators(attrs);
        for (Element e : attrs.elements()) {
            Tag tag = e.tag();
            if (tag.isGroupLength()) {
                continue;
            }
            xml.writeStartElement("DicomAttribute");
            String creator = null;
            if (tag.isPrivate() && tag.element() >= 0x1000) {
                creator = creators.get(tag.group() << 8 | tag.element() >>> 8);
            }
            Tag written = creator == null ? tag : Tag.of(tag.group(), tag.element() & 0xFF);
            xml.writeAttribute("tag", ModelValues.hex(written));
            xml.writeAttribute("vr", e.isEncapsulated() ? "OB" : e.vr().name());   // PS3.5 A.4: encapsulated is OB
            String keyword = Dictionary.standard().keywordOf(tag);
            if (!keyword.isEmpty() && !tag.isPrivate()) {
                xml.writeAttribute("keyword", keyword);
            }
            if (creator != null) {
                xml.writeAttribute("privateCreator", creator);
            }
            String path = pathPrefix + ModelValues.hex(tag);
            writeValue(xml, attrs, e, path, policy);
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
    }

    /** Private creator values by (group << 8 | block). */
    private static Map<Integer, String> privateCreators(Attributes attrs) {
        Map<Integer, String> creators = new HashMap<>();
        for (Element e : attrs.elements()) {
            if (e.tag().isPrivateCreator() && e.isInline()) {
                // Decoded whatever the VR: read with implicit VR, a creator is UN.
                String creator = attrs.characterSet().decode(e.bytes()).replace("\0", "").strip();
                if (!creator.isEmpty()) {
                    creators.put(e.tag().group() << 8 | e.tag().element(), creator);
                }
            }
        }
        return creators;
    }

    private static void writeValue(XMLStreamWriter xml, Attributes attrs, Element e, String path, BulkDataPolicy policy)
            throws XMLStreamException, IOException {
        Vr vr = e.vr();
        if (e.isSequence()) {
            List<Attributes> items = e.sequence().items();
            for (int i = 0; i < items.size(); i++) {
                xml.writeCharacters("\n");
                xml.writeStartElement("Item");
                xml.writeAttribute("number", Integer.toString(i + 1));
                xml.writeCharacters("\n");
                writeDataSet(xml, items.get(i), path + "/" + i + "/", policy);
                xml.writeEndElement();
            }
            if (!items.isEmpty()) {
                xml.writeCharacters("\n");
            }
            return;
        }
        if (ModelValues.isInlineBinary(vr) || !e.isInline()) {
            writeBinary(xml, e, path, policy);
            return;
        }
        List<String> values;
        if (e.tag().equals(Tags.SPECIFIC_CHARACTER_SET)) {
            values = List.of("ISO_IR 192");
        } else {
            values = vr.isText() || vr == Vr.UI
                    ? ModelValues.textValues(vr, attrs.getStrings(e.tag())) : ModelValues.binaryValues(vr, e.bytes());
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            xml.writeCharacters("\n");
            if (vr == Vr.PN) {
                writePersonName(xml, i + 1, v);
                continue;
            }
            if (v.isEmpty()) {
                xml.writeEmptyElement("Value");
                xml.writeAttribute("number", Integer.toString(i + 1));
                continue;
            }
            xml.writeStartElement("Value");
            xml.writeAttribute("number", Integer.toString(i + 1));
            writeText(xml, v);
            xml.writeEndElement();
        }
        if (!values.isEmpty()) {
            xml.writeCharacters("\n");
        }
    }

    /** XML parsers turn a literal CR into LF; a character reference keeps it (LT, ST, UT text). */
    private static void writeText(XMLStreamWriter xml, String text) throws XMLStreamException {
        int from = 0;
        for (int cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', from)) {
            xml.writeCharacters(text.substring(from, cr));
            xml.writeEntityRef("#13");
            from = cr + 1;
        }
        xml.writeCharacters(text.substring(from));
    }

    private static void writePersonName(XMLStreamWriter xml, int number, String value) throws XMLStreamException {
        String[] groups = ModelValues.personNameGroups(value);
        xml.writeStartElement("PersonName");
        xml.writeAttribute("number", Integer.toString(number));
        for (int g = 0; g < 3; g++) {
            if (groups[g].isEmpty()) {
                continue;
            }
            xml.writeStartElement(PN_GROUPS[g]);
            String[] components = groups[g].split("\\^", -1);
            for (int c = 0; c < Math.min(5, components.length); c++) {
                if (!components[c].isEmpty()) {
                    xml.writeStartElement(PN_COMPONENTS[c]);
                    writeText(xml, components[c]);
                    xml.writeEndElement();
                }
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void writeBinary(XMLStreamWriter xml, Element e, String path, BulkDataPolicy policy)
            throws XMLStreamException, IOException {
        if (e.length() == 0 && !e.isEncapsulated()) {
            return;
        }
        String uri = policy.bulkDataUri(path, e);
        xml.writeCharacters("\n");
        if (uri != null) {
            xml.writeEmptyElement("BulkData");
            xml.writeAttribute("uri", uri);
            xml.writeCharacters("\n");
            return;
        }
        if (e.isEncapsulated()) {
            throw new IllegalArgumentException(e.tag() + " holds encapsulated (compressed) pixel data, which the Native"
                    + " DICOM Model can only refer to: the BulkDataPolicy must give a URI for " + path);
        }
        xml.writeStartElement("InlineBinary");
        BulkData data = e.bulkData();
        Base64.Encoder base64 = Base64.getEncoder();
        try (InputStream in = data.openStream()) {
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                byte[] part = n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n);
                xml.writeCharacters(base64.encodeToString(part));
            }
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    // ------------------------------------------------------------------ reading

    /** Reads a NativeDicomModel document. */
    public static Attributes read(InputStream in, BulkDataResolver resolver) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(in);
            xml.nextTag();
            if (!xml.getLocalName().equals("NativeDicomModel")) {
                throw error(xml, "the root element is <" + xml.getLocalName() + ">, not <NativeDicomModel>");
            }
            Reading reading = new Reading(xml, resolver);
            return reading.build(reading.elements(0), SpecificCharacterSet.DEFAULT);
        } catch (XMLStreamException e) {
            throw new IOException("not a well-formed XML document: " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader of an already failed document
                }
            }
        }
    }

    private static IOException error(XMLStreamReader xml, String problem) {
        return new IOException("at line " + xml.getLocation().getLineNumber() + ", column "
                + xml.getLocation().getColumnNumber() + ": " + problem);
    }

    private static final class Reading {

        private final XMLStreamReader xml;
        private final BulkDataResolver resolver;

        private record Text(Tag tag, Vr vr, String value) {
        }

        private record Pending(int group, int element, String creator, Vr vr, Object value) {
        }

        Reading(XMLStreamReader xml, BulkDataResolver resolver) {
            this.xml = xml;
            this.resolver = resolver;
        }

        /** The content of one DicomAttribute: List of String (values), List of Sequence items, byte[] or BulkData. */
        private Object content(Tag tag, Vr vr, int depth) throws XMLStreamException, IOException {
            List<Object> values = new ArrayList<>();
            Object binary = null;
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                switch (name) {
                    case "Value", "PersonName", "Item" -> {
                        int number = number();
                        if (number != values.size() + 1) {
                            throw error(xml, ModelValues.hex(tag) + ": <" + name + " number=\"" + number
                                    + "\"> out of order; expected " + (values.size() + 1));
                        }
                        if (name.equals("Item")) {
                            values.add(new ItemEvents(elements(depth + 1)));
                        } else {
                            values.add(name.equals("Value") ? xml.getElementText() : personName());
                        }
                    }
                    case "InlineBinary" -> {
                        try {
                            binary = Base64.getMimeDecoder().decode(xml.getElementText().strip());
                        } catch (IllegalArgumentException e) {
                            throw error(xml, ModelValues.hex(tag) + ": InlineBinary is not base64: " + e.getMessage());
                        }
                    }
                    case "BulkData" -> {
                        String uri = xml.getAttributeValue(null, "uri");
                        String uuid = xml.getAttributeValue(null, "uuid");
                        if (uri == null && uuid != null) {
                            uri = "urn:uuid:" + uuid;   // PS3.19 allows uuid references too; the resolver decides
                        }
                        if (uri == null) {
                            throw error(xml, ModelValues.hex(tag) + ": <BulkData> needs a uri or uuid attribute");
                        }
                        binary = resolver.resolve(uri, tag, vr);
                        xml.nextTag();
                    }
                    default -> throw error(xml, ModelValues.hex(tag) + ": unexpected <" + name + ">");
                }
            }
            return binary != null ? binary : values;
        }

        /**
         * The DicomAttribute children up to the end tag of the current element (the root or an
         * Item), collected first: the Attributes are built once the parent's character set is known.
         */
        List<Pending> elements(int depth) throws XMLStreamException, IOException {
            if (depth > MAX_DEPTH) {
                throw error(xml, "sequences nested deeper than " + MAX_DEPTH + " levels");
            }
            List<Pending> pending = new ArrayList<>();
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (!xml.getLocalName().equals("DicomAttribute")) {
                    throw error(xml, "expected <DicomAttribute> but found <" + xml.getLocalName() + ">");
                }
                String tagText = xml.getAttributeValue(null, "tag");
                String vrText = xml.getAttributeValue(null, "vr");
                String creator = xml.getAttributeValue(null, "privateCreator");
                Tag tag;
                try {
                    tag = ModelValues.parseHex(tagText == null ? "" : tagText);
                } catch (IllegalArgumentException e) {
                    throw error(xml, "DicomAttribute tag \"" + tagText + "\" is not 8 hex digits");
                }
                Vr vr = vrText != null && vrText.length() == 2 ? Vr.fromCode(vrText.charAt(0), vrText.charAt(1)) : null;
                if (vr == null) {
                    throw error(xml, ModelValues.hex(tag) + ": missing or unknown vr \"" + vrText + "\"");
                }
                pending.add(new Pending(tag.group(), tag.element(), creator, vr, content(tag, vr, depth)));
            }
            return pending;
        }

        private record ItemEvents(List<Pending> elements) {
        }

        private int number() throws IOException {
            String n = xml.getAttributeValue(null, "number");
            try {
                return Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw error(xml, "attribute number=\"" + n + "\" is not a number");
            }
        }

        private String personName() throws XMLStreamException, IOException {
            String[] groups = {"", "", ""};
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                int g = List.of(PN_GROUPS).indexOf(xml.getLocalName());
                if (g < 0) {
                    throw error(xml, "unexpected <" + xml.getLocalName() + "> in <PersonName>");
                }
                String[] components = {"", "", "", "", ""};
                while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    int c = List.of(PN_COMPONENTS).indexOf(xml.getLocalName());
                    if (c < 0) {
                        throw error(xml, "unexpected <" + xml.getLocalName() + "> in <" + PN_GROUPS[g] + ">");
                    }
                    components[c] = xml.getElementText();
                }
                int last = 4;
                while (last > 0 && components[last].isEmpty()) {
                    last--;
                }
                groups[g] = String.join("^", List.of(components).subList(0, last + 1));
            }
            return ModelValues.personName(groups[0], groups[1], groups[2]);
        }

        Attributes build(List<Pending> pending, SpecificCharacterSet inherited) throws IOException {
            // Private elements come with the block byte cleared: find (or reserve) their creator's block.
            Map<String, Integer> blocks = new HashMap<>();
            for (Pending p : pending) {
                if (p.creator() == null && Tag.of(p.group(), p.element()).isPrivateCreator()) {
                    String creator = p.value() instanceof List<?> l && !l.isEmpty() ? l.get(0).toString()
                            : p.value() instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
                    blocks.putIfAbsent(p.group() + "/" + creator.replace("\0", "").strip(), p.element());
                }
            }
            Attributes.Builder b = Attributes.builder();
            List<Text> texts = new ArrayList<>();
            Map<Tag, List<ItemEvents>> sequences = new java.util.LinkedHashMap<>();
            for (Pending p : pending) {
                Tag tag = Tag.of(p.group(), p.element());
                if (p.creator() != null) {
                    String key = p.group() + "/" + p.creator().strip();
                    Integer block = blocks.get(key);
                    if (block == null) {
                        block = freeBlock(p.group(), blocks);
                        blocks.put(key, block);
                        texts.add(new Text(Tag.of(p.group(), block), Vr.LO, p.creator().strip()));
                    }
                    tag = Tag.of(p.group(), block << 8 | (p.element() & 0xFF));
                }
                try {
                    add(b, texts, sequences, tag, p.vr(), p.value());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw error(xml, ModelValues.hex(tag) + " " + p.vr() + ": " + e.getMessage());
                }
            }
            SpecificCharacterSet cs = characterSet(b, texts, inherited);
            for (Text t : texts) {
                b.setString(t.tag(), t.vr(), t.value());
            }
            b.inheritCharacterSet(inherited);
            for (Map.Entry<Tag, List<ItemEvents>> seq : sequences.entrySet()) {
                List<Attributes> items = new ArrayList<>();
                for (ItemEvents item : seq.getValue()) {
                    items.add(build(item.elements(), cs));
                }
                b.setSequence(seq.getKey(), Sequence.of(items));
            }
            return b.build();
        }

        private static int freeBlock(int group, Map<String, Integer> blocks) {
            for (int block = 0x10; block <= 0xFF; block++) {
                if (!blocks.containsValue(block)) {
                    return block;
                }
            }
            throw new IllegalArgumentException(String.format("no free private block in group %04X", group));
        }

        private void add(Attributes.Builder b, List<Text> texts, Map<Tag, List<ItemEvents>> sequences, Tag tag, Vr vr,
                         Object value) throws IOException {
            if (value instanceof byte[] bytes) {
                b.setBytes(tag, vr, bytes);
                return;
            }
            if (value instanceof BulkData data) {
                b.setBulkData(tag, vr, data);
                return;
            }
            List<?> values = (List<?>) value;
            if (vr == Vr.SQ) {
                List<ItemEvents> items = new ArrayList<>();
                for (Object v : values) {
                    if (!(v instanceof ItemEvents item)) {
                        throw error(xml, ModelValues.hex(tag) + ": a sequence holds <Item>s only");
                    }
                    items.add(item);
                }
                sequences.put(tag, items);
                return;
            }
            for (Object v : values) {
                if (!(v instanceof String)) {
                    throw error(xml, ModelValues.hex(tag) + " " + vr + ": <Item> in an element that is not a sequence");
                }
            }
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) values;
            if (ModelValues.isInlineBinary(vr)) {
                if (!strings.isEmpty()) {
                    throw error(xml, ModelValues.hex(tag) + " " + vr + ": binary values come as InlineBinary or BulkData");
                }
                b.setBytes(tag, vr, new byte[0]);
            } else if (vr.isText() || vr == Vr.UI) {
                texts.add(new Text(tag, vr, String.join("\\", strings)));
            } else {
                b.setBytes(tag, vr, ModelValues.encodeBinary(vr, strings));
            }
        }

        private static SpecificCharacterSet characterSet(Attributes.Builder b, List<Text> texts, SpecificCharacterSet inherited) {
            SpecificCharacterSet declared = inherited;
            for (Text t : texts) {
                if (t.tag().equals(Tags.SPECIFIC_CHARACTER_SET)) {
                    declared = SpecificCharacterSet.of(t.value().split("\\\\", -1));
                }
            }
            var encoder = declared.charset().newEncoder();
            for (Text t : texts) {
                if (!encoder.canEncode(t.value())) {
                    texts.removeIf(x -> x.tag().equals(Tags.SPECIFIC_CHARACTER_SET));
                    b.setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192");
                    return SpecificCharacterSet.UTF_8;
                }
            }
            return declared;
        }
    }
}
