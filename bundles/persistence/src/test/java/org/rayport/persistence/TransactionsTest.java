package org.rayport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class TransactionsTest {

    static {
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }

    private H2Database db;
    private EntityManagerFactory factory;
    private Transactions transactions;

    @Before
    public void migrateAndMap() {
        db = new H2Database("transactions");
        SchemaMigrator.forFeature("sample", TransactionsTest.class.getClassLoader()).migrate(db.dataSource);
        factory = Persistence.createEntityManagerFactory("persistence-support-test",
                Map.of("javax.persistence.nonJtaDataSource", db.dataSource));
        transactions = new Transactions(factory);
    }

    @After
    public void close() throws Exception {
        factory.close();
        db.close();
    }

    @Test
    public void commitsWhenTheWorkReturns() {
        String returned = transactions.inTransaction(em -> {
            em.persist(new Note(1, "kept"));
            return "done";
        });

        assertEquals("done", returned);
        assertEquals("kept", transactions.inTransaction(em -> em.find(Note.class, 1L).text()));
    }

    @Test
    public void rollsBackAndRethrowsWhenTheWorkThrows() {
        IllegalStateException thrown = new IllegalStateException("changed my mind");

        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> transactions.inTransaction(em -> {
                    em.persist(new Note(2, "dropped"));
                    em.flush();
                    throw thrown;
                }));

        assertSame(thrown, caught);
        assertNull(transactions.inTransaction(em -> em.find(Note.class, 2L)));
    }

    @Test
    public void closesTheEntityManagerAfterEachCall() {
        var used = transactions.inTransaction(em -> em);

        assertFalse(used.isOpen());
    }
}
