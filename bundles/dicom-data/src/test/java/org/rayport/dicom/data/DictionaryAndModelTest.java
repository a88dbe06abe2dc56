package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class DictionaryAndModelTest {

    @Test
    public void dictionaryLooksUpBothWays() {
        Dictionary d = Dictionary.standard();
        assertEquals("PatientName", d.keywordOf(Tag.of(0x0010, 0x0010)));
        assertEquals(Tag.of(0x0010, 0x0010), d.tagOf("PatientName"));
        assertEquals("Patient Name", d.nameOf(Tags.PATIENT_NAME));
        assertEquals(Vr.PN, d.vrOf(Tags.PATIENT_NAME));
        assertEquals("OverlayRows", d.keywordOf(Tag.of(0x6002, 0x0010)));
        assertEquals("", d.keywordOf(Tag.of(0x6001, 0x0010)));
        assertEquals(Vr.LO, d.vrOf(Tag.of(0x0029, 0x0010)));
        assertEquals(Vr.UN, d.vrOf(Tag.of(0x0029, 0x1001)));
        assertTrue(d.lookup(Tag.named("RETIRED_OtherPatientIDs".substring(8))).orElseThrow().retired());
        assertTrue(d.size() > 4900);
    }

    @Test
    public void tagParsesAndPrints() {
        assertEquals("(0010,0010)", Tag.parse("00100010").toString());
        assertEquals(Tag.of(0x7FE0, 0x0010), Tag.parse("(7fe0,0010)"));
        assertTrue(Tag.of(0x0029, 0x1001).isPrivate());
        assertFalse(Tags.PATIENT_NAME.isPrivate());
        assertTrue(Tags.PIXEL_DATA.compareTo(Tags.ITEM) < 0);
    }

    @Test
    public void vrHeaderRules() {
        for (Vr vr : new Vr[] {Vr.OB, Vr.OD, Vr.OF, Vr.OL, Vr.OV, Vr.OW, Vr.SQ, Vr.SV, Vr.UC, Vr.UN, Vr.UR, Vr.UT, Vr.UV}) {
            assertTrue(vr.name(), vr.hasLongExplicitHeader());
        }
        assertFalse(Vr.US.hasLongExplicitHeader());
        assertEquals(34, Vr.values().length);
    }

    @Test
    public void builderEncodesTextWithTheFinalCharacterSet() {
        Attributes a = Attributes.builder()
                .setString(Tags.PATIENT_NAME, "Müller^Jörg")
                .setString(Tags.SPECIFIC_CHARACTER_SET, "ISO_IR 100")
                .setInt(Tags.ROWS, 512)
                .setDouble(Tag.named("ImagePositionPatient"), -12.5, 3.25, 100)
                .build();
        assertEquals(11, a.element(Tags.PATIENT_NAME).orElseThrow().length());
        assertEquals("Müller^Jörg", a.getString(Tags.PATIENT_NAME));
        assertEquals(512, a.getInt(Tags.ROWS, 0));
        assertEquals("-12.5", a.getStrings(Tag.named("ImagePositionPatient")).get(0));
    }

    @Test
    public void iso2022JapaneseAndKorean() {
        SpecificCharacterSet jp = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        // PS3.5 H.3.1 example: Yamada^Tarou=山田^太郎
        byte[] jpBytes = {'Y', 'a', 'm', 'a', 'd', 'a', '^', 'T', 'a', 'r', 'o', 'u', '=',
                0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, '^',
                0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42};
        assertEquals("Yamada^Tarou=山田^太郎", jp.decode(jpBytes));
        SpecificCharacterSet kr = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        // PS3.5 I.2 example: Hong^Gildong=洪^吉洞
        byte[] krBytes = {'H', 'o', 'n', 'g', '^', 'G', 'i', 'l', 'd', 'o', 'n', 'g', '=',
                0x1B, 0x24, 0x29, 0x43, (byte) 0xFB, (byte) 0xF3, '^',
                0x1B, 0x24, 0x29, 0x43, (byte) 0xD1, (byte) 0xCE, (byte) 0xD4, (byte) 0xD7};
        assertEquals("Hong^Gildong=洪^吉洞", kr.decode(krBytes));
        assertEquals("Jörg", SpecificCharacterSet.UTF_8.decode("Jörg".getBytes(StandardCharsets.UTF_8)));
    }
}
