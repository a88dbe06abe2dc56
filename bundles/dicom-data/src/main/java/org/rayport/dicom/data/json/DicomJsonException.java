package org.rayport.dicom.data.json;

import com.fasterxml.jackson.core.JsonLocation;
import java.io.IOException;

/** A JSON document that is not a valid DICOM JSON Model, with where the problem was found. */
public class DicomJsonException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;

    public DicomJsonException(String problem, JsonLocation location) {
        super("at line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + problem);
        this.line = location.getLineNr();
        this.column = location.getColumnNr();
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
