package org.rayport.store;

import java.time.LocalDate;

/**
 * Patient attributes as stored in a pool.
 *
 * @param name      PatientName (0010,0010) in DICOM form, e.g. {@code Doe^Jane}; empty when absent
 * @param birthDate null when absent or not a valid date
 * @param sex       M, F, O or empty
 */
public record Patient(String patientId, String name, LocalDate birthDate, String sex) {
}
