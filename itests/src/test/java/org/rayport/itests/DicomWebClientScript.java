package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The npm package {@code dicomweb-client} (the DICOMweb library of OHIF's data source), installed at test time with
 * npm, and a node script that speaks to Rayport through it: QIDO-RS searches, study metadata, an instance, frames
 * and a rendered image. The script takes a JSON configuration (server URL, headers with the bearer token and device
 * id, the UIDs to ask for, an output folder), writes retrieved bytes into the output folder and prints the JSON
 * results on its last line.
 */
final class DicomWebClientScript {

    /** Pinned, so that a new release cannot change what is tested; xhr2 gives node the browser's XMLHttpRequest. */
    static final String DICOMWEB_CLIENT = "dicomweb-client@0.11.3";
    static final String XHR2 = "xhr2@0.2.1";

    private static final String SCRIPT = """
            'use strict';
            global.XMLHttpRequest = require('xhr2');
            const fs = require('fs');
            const path = require('path');
            const { api } = require('dicomweb-client');
            const c = JSON.parse(process.argv[2]);
            const client = new api.DICOMwebClient({ url: c.url, headers: c.headers });
            const bytes = (data) => Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data)
                : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            (async () => {
              const studies = await client.searchForStudies({ queryParams: { PatientName: 'webber*' } });
              const series = await client.searchForSeries({ studyInstanceUID: c.study });
              const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: c.study });
              const instance = await client.retrieveInstance({ studyInstanceUID: c.study,
                  seriesInstanceUID: c.series, sopInstanceUID: c.sop });
              fs.writeFileSync(path.join(c.out, 'instance.dcm'), bytes(instance));
              const frames = await client.retrieveInstanceFrames({ studyInstanceUID: c.study,
                  seriesInstanceUID: c.series, sopInstanceUID: c.sop, frameNumbers: [1] });
              fs.writeFileSync(path.join(c.out, 'frame.raw'), bytes(frames[0]));
              const compressed = await client.retrieveInstanceFrames({ studyInstanceUID: c.renderStudy,
                  seriesInstanceUID: c.renderSeries, sopInstanceUID: c.compressedSop, frameNumbers: [1] });
              fs.writeFileSync(path.join(c.out, 'compressed-frame.raw'), bytes(compressed[0]));
              const rendered = await client.retrieveInstanceRendered({ studyInstanceUID: c.renderStudy,
                  seriesInstanceUID: c.renderSeries, sopInstanceUID: c.renderSop,
                  mediaTypes: [{ mediaType: 'image/png' }], queryParams: { window: '40,400,linear' } });
              // A single-part answer comes as a one-element array of ArrayBuffer.
              fs.writeFileSync(path.join(c.out, 'rendered.png'), bytes(Array.isArray(rendered) ? rendered[0] : rendered));
              console.log(JSON.stringify({ studies, series, metadata, frameCount: frames.length }));
            })().catch((e) => {
              console.error('dicomweb-client failed: ' + (e && e.stack ? e.stack : e)
                  + (e && e.request ? ' (HTTP ' + e.request.status + ' ' + e.request.responseText + ')' : ''));
              process.exit(1);
            });
            """;

    private DicomWebClientScript() {
    }

    /**
     * Installs the packages into a new folder under {@code work} (npm's own cache in ~/.npm makes a rerun take about
     * a second) and writes the script there. Fails, never skips, when npm or the registry is missing.
     */
    static Path install(Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("dicomweb-client"));
        Files.writeString(folder.resolve("package.json"), "{\"name\":\"rayport-dicomweb-check\",\"private\":true}");
        PeerPrograms.Result npm;
        try {
            npm = PeerPrograms.runAllowingFailure(work, List.of("npm", "install", "--prefer-offline", "--no-audit",
                    "--no-fund", "--prefix", folder.toString(), DICOMWEB_CLIENT, XHR2));
        } catch (java.io.IOException notInstalled) {
            throw new AssertionError("npm is needed to install " + DICOMWEB_CLIENT + " (apt-get install nodejs npm;"
                    + " scripts/install-test-peers.sh lists it): " + notInstalled.getMessage(), notInstalled);
        }
        assertEquals("npm could not install " + DICOMWEB_CLIENT + " and " + XHR2 + ": " + npm.output(), 0,
                npm.exitCode());
        assertTrue("npm installed no dicomweb-client: " + npm.output(),
                Files.isDirectory(folder.resolve("node_modules/dicomweb-client")));
        Path script = folder.resolve("check.js");
        Files.writeString(script, SCRIPT);
        return script;
    }

    /** Runs the script with {@code config}; returns its last output line (the JSON results). */
    static String run(Path script, Path work, String config) throws Exception {
        PeerPrograms.Result node = PeerPrograms.runAllowingFailure(work, List.of("node", script.toString(), config));
        assertEquals("node " + script + " failed: " + node.output(), 0, node.exitCode());
        String[] lines = node.output().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue("the script printed no JSON: " + node.output(), last.startsWith("{"));
        return new String(last.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
