package org.rayport.persistence;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A row of the test scripts' table. */
@Entity
@Table(name = "sample_note")
public class Note {

    @Id
    private long id;

    @Column(nullable = false)
    private String text;

    protected Note() {
    }

    Note(long id, String text) {
        this.id = id;
        this.text = text;
    }

    String text() {
        return text;
    }
}
