package org.rayport.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.persistence.PersistenceException;
import javax.sql.DataSource;


/**
 * The common case of entering an instance, in plain JDBC: a new SOP Instance UID in a series that the index already
 * has, whose patient, study and series rows need no empty attribute filled in. That is one select (series, study,
 * patient by the series' unique key, and whether the SOP Instance UID is already there), one insert of the instance
 * row and one update that adds the instance to its study's counts, in one transaction on the store's data source.
 * <p>
 * Written by hand rather than through Hibernate because Hibernate's per-instance work (four entity lookups, a
 * pessimistic lock, dirty checking and flushes) was the largest part of the time a C-STORE spends on the association
 * thread (docs/benchmarks.md). Everything else, a new series, study or patient, a replacement, an attribute to fill
 * in, stays in {@link JpaIndex} through JPA: {@link #enter} answers {@code null} and changes nothing then.
 * <p>
 * The study's counts change by {@code instance_count = instance_count + 1}: the update locks the study row until the
 * commit, so concurrent stores into one study (and the JPA path, which locks the row with {@code SELECT ... FOR
 * UPDATE}) never lose an increment. Series count and modalities do not change: the series already exists.
 */
final class InstanceRowWriter {

    private static final String FIND = "SELECT s.id, st.id, st.study_uid, p.patient_id,"
            + " p.name, p.birth_date, p.sex,"
            + " st.study_date, st.study_time, st.description, st.accession_number, st.referring_physician, st.study_id,"
            + " s.modality, s.series_number, s.description, s.body_part,"
            + " (SELECT i.id FROM rp_instance i WHERE i.pool_id = ? AND i.sop_uid = ?)"
            + " FROM rp_series s JOIN rp_study st ON st.id = s.study_ref JOIN rp_patient p ON p.id = st.patient_ref"
            + " WHERE s.pool_id = ? AND s.series_uid = ?";

    private static final String INSERT = "INSERT INTO rp_instance (series_ref, pool_id, sop_uid, sop_class_uid,"
            + " instance_number, transfer_syntax, size_bytes, stored_bytes, received_at, file_path)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String COUNT = "UPDATE rp_study SET instance_count = instance_count + 1,"
            + " size_bytes = size_bytes + ?,"
            + " last_received_at = CASE WHEN last_received_at < ? THEN ? ELSE last_received_at END WHERE id = ?";

    private final DataSource dataSource;

    InstanceRowWriter(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Enters the instance if it is the common case, and commits.
     *
     * @return the entered instance, or null when this is not the common case (or a concurrent change made it not
     *     one); nothing was changed then
     */
    JpaIndex.Entered enter(String poolId, IndexedAttributes a, JpaIndex.FileFacts facts) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                JpaIndex.Entered entered = enterIn(connection, poolId, a, facts);
                if (entered == null) {
                    connection.rollback();
                } else {
                    connection.commit();
                }
                return entered;
            } catch (SQLException e) {
                connection.rollback();
                if (isIntegrityViolation(e)) {
                    // A concurrent store of the same UID, or a deletion of the series, between the select and the
                    // insert: the JPA path sorts that out.
                    return null;
                }
                throw e;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Entering instance " + a.sopInstanceUid() + " of pool '" + poolId
                    + "' in the index failed: " + e.getMessage(), e);
        }
    }

    /**
     * Enters {@code entries} from {@code from} on in one transaction, in order, as long as they are the common case;
     * stops before the first that is not (or at a concurrent change), and commits what it entered.
     *
     * @param entered where the entered instances go, at their entries' positions
     * @return how many were entered; 0 when the first is not the common case
     */
    int enterCommonRun(List<JpaIndex.Entry> entries, int from, JpaIndex.Entered[] entered) {
        int count = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                for (int i = from; i < entries.size(); i++) {
                    JpaIndex.Entry entry = entries.get(i);
                    JpaIndex.Entered one = enterIn(connection, entry.poolId(), entry.attributes(), entry.facts());
                    if (one == null) {
                        break;
                    }
                    entered[i] = one;
                    count++;
                }
                connection.commit();
                return count;
            } catch (SQLException e) {
                connection.rollback();
                Arrays.fill(entered, from, from + count, null);
                if (isIntegrityViolation(e)) {
                    return 0;   // a concurrent change: each goes its own way, through JpaIndex.enter
                }
                throw e;
            } catch (RuntimeException e) {
                connection.rollback();
                Arrays.fill(entered, from, from + count, null);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Entering " + (entries.size() - from) + " instances in the index failed: "
                    + e.getMessage(), e);
        }
    }

    private static JpaIndex.Entered enterIn(Connection connection, String poolId, IndexedAttributes a,
                                            JpaIndex.FileFacts facts) throws SQLException {
        long seriesId;
        long studyId;
        try (PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setString(1, poolId);
            find.setString(2, a.sopInstanceUid());
            find.setString(3, poolId);
            find.setString(4, a.seriesUid());
            try (ResultSet row = find.executeQuery()) {
                if (!row.next() || !commonCase(row, a)) {
                    return null;
                }
                seriesId = row.getLong(1);
                studyId = row.getLong(2);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setLong(1, seriesId);
            insert.setString(2, poolId);
            insert.setString(3, a.sopInstanceUid());
            insert.setString(4, a.sopClassUid());
            setInteger(insert, 5, a.instanceNumber());
            insert.setString(6, facts.transferSyntaxUid());
            insert.setLong(7, facts.sizeBytes());
            insert.setLong(8, facts.storedBytes());
            // As Hibernate 5 binds an Instant (Timestamp.from, the JVM's time zone): both paths write alike.
            insert.setTimestamp(9, Timestamp.from(facts.receivedAt()));
            insert.setString(10, facts.filePath());
            insert.executeUpdate();
        }
        try (PreparedStatement count = connection.prepareStatement(COUNT)) {
            Timestamp received = Timestamp.from(facts.receivedAt());
            count.setLong(1, facts.sizeBytes());
            count.setTimestamp(2, received);
            count.setTimestamp(3, received);
            count.setLong(4, studyId);
            if (count.executeUpdate() != 1) {
                return null;   // the study went away meanwhile
            }
        }
        return new JpaIndex.Entered(facts.instance(poolId, a), null);
    }

    /**
     * The series belongs to the study and patient the instance names, the SOP Instance UID is new in the pool, and no
     * empty patient, study or series attribute would be filled in by this instance.
     */
    private static boolean commonCase(ResultSet row, IndexedAttributes a) throws SQLException {
        if (!a.studyUid().equals(row.getString(3)) || !a.patientId().equals(row.getString(4))) {
            return false;
        }
        return !fills(row.getString(5), a.patientName())
                && !(row.getDate(6) == null && a.birthDate() != null)
                && !fills(row.getString(7), a.sex())
                && !(row.getDate(8) == null && a.studyDate() != null)
                && !(row.getTime(9) == null && a.studyTime() != null)
                && !fills(row.getString(10), a.studyDescription())
                && !fills(row.getString(11), a.accessionNumber())
                && !fills(row.getString(12), a.referringPhysician())
                && !fills(row.getString(13), a.studyId())
                && !fills(row.getString(14), a.modality())
                && !(row.getObject(15) == null && a.seriesNumber() != null)
                && !fills(row.getString(16), a.seriesDescription())
                && !fills(row.getString(17), a.bodyPart())
                && row.getObject(18) == null;
    }

    private static boolean fills(String stored, String incoming) {
        return stored.isEmpty() && !incoming.isEmpty();
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static boolean isIntegrityViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null
                    && ((SQLException) t).getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
