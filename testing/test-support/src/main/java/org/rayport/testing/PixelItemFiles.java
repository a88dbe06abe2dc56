package org.rayport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The items of an encapsulated pixel data sequence as DCMTK's {@code dcmdump +W <dir>} writes them out, one file
 * {@code <file>.<n>.raw} per item: DCMTK's view of the fragments, against which Rayport's frame extraction is judged.
 */
public final class PixelItemFiles {

    private static final Pattern ITEM_FILE = Pattern.compile(".*\\.(\\d+)\\.raw");

    private PixelItemFiles() {
    }

    /** The item files in {@code dir}, in item order (the basic offset table first), as bytes. */
    public static List<byte[]> read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> ITEM_FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(PixelItemFiles::itemNumber)).toList();
        }
        List<byte[]> items = new ArrayList<>();
        for (Path f : files) {
            items.add(Files.readAllBytes(f));
        }
        return items;
    }

    private static int itemNumber(Path file) {
        Matcher m = ITEM_FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an item file of dcmdump +W: " + file);
        }
        return Integer.parseInt(m.group(1));
    }
}
