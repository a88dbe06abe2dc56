package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.Test;

/** The UID dictionary generated from PS3.6 table A-1 (scripts/generate-uid-dictionary.sh). */
public class UidDictionaryTest {

    private final Dictionary dictionary = Dictionary.standard();

    @Test
    public void standardUidsAreNamedAndTyped() {
        UidEntry ct = dictionary.lookupUid("1.2.840.10008.5.1.4.1.1.2").orElseThrow();
        assertEquals("CT Image Storage", ct.name());
        assertEquals("CTImageStorage", ct.keyword());
        assertEquals("SOP Class", ct.type());
        assertEquals("1.2.840.10008.1.2.4.70", dictionary.uidOf("JPEGLosslessSV1"));
        assertTrue(dictionary.lookupUid("1.2.840.10008.1.2.2").orElseThrow().retired());
        assertTrue(dictionary.lookupUid("2.25.1234").isEmpty());
        assertTrue("PS3.6 lists more than 400 UIDs", dictionary.uidCount() > 400);
    }

    @Test
    public void everyUidRayportNamesInCodeIsInTheDictionary() throws Exception {
        for (Field field : Uids.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String uid = (String) field.get(null);
                if (!uid.startsWith("1.2.840.10008.")) {
                    continue;   // Rayport's own implementation class UID and version name
                }
                assertTrue(field.getName() + " " + uid, dictionary.lookupUid(uid).isPresent());
            }
        }
        for (Field field : TransferSyntax.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TransferSyntax.class) {
                TransferSyntax syntax = (TransferSyntax) field.get(null);
                UidEntry entry = dictionary.lookupUid(syntax.uid()).orElseThrow(() ->
                        new AssertionError(field.getName() + " " + syntax.uid() + " not in the dictionary"));
                assertEquals(field.getName(), "Transfer Syntax", entry.type());
            }
        }
    }

    @Test
    public void unknownKeywordsAreNamedInTheError() {
        try {
            dictionary.uidOf("NoSuchStorage");
            fail();
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("NoSuchStorage"));
        }
    }
}
