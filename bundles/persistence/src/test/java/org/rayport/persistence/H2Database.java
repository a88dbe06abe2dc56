package org.rayport.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** An in-memory H2 database private to one test, open until {@link #close}. */
final class H2Database implements AutoCloseable {

    final DataSource dataSource;

    H2Database(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        h2.setPassword("");
        this.dataSource = h2;
    }

    List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             var rows = connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    List<String> indexes(String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             var rows = connection.getMetaData().getIndexInfo(null, "PUBLIC", table.toUpperCase(java.util.Locale.ROOT),
                     false, false)) {
            while (rows.next()) {
                names.add(String.valueOf(rows.getString("INDEX_NAME")).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
