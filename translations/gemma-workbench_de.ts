<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>gwb::ui::AboutDialog</name>
    <message>
        <source>About Gemma Workbench</source>
        <translation>Über Gemma Workbench</translation>
    </message>
    <message>
        <source>Gemma Workbench</source>
        <translation>Gemma Workbench</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Runs Google&apos;s Gemma 4 models for captions, OCR, object detection, transcription and video questions entirely on your own computer, on its own Vulkan engine. Nothing you open leaves this machine.</source>
        <translation>Führt Googles Gemma-4-Modelle für Bildbeschreibungen, Texterkennung, Objekterkennung, Transkription und Fragen zu Videos vollständig auf Ihrem eigenen Rechner aus, mit einer eigenen Vulkan-Engine. Nichts, was Sie öffnen, verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>Built with Qt %1.</source>
        <translation>Erstellt mit Qt %1.</translation>
    </message>
    <message>
        <source>Gemma models are provided under the Gemma Terms of Use.</source>
        <translation>Gemma-Modelle werden unter den Gemma-Nutzungsbedingungen bereitgestellt.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::AudioPanel</name>
    <message>
        <source>No audio</source>
        <translation>Kein Audio</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>%1 kann nicht abgespielt werden: %2</translation>
    </message>
    <message>
        <source>Cannot draw the waveform of %1: %2</source>
        <translation>Die Wellenform von %1 kann nicht gezeichnet werden: %2</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The transcript&apos;s segments. Double-click a text to correct it before export; click a row to play that segment.</source>
        <translation>Die Abschnitte des Transkripts. Doppelklicken Sie auf einen Text, um ihn vor dem Export zu korrigieren; klicken Sie auf eine Zeile, um diesen Abschnitt abzuspielen.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::BatchPanel</name>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add F&amp;older…</source>
        <translation>&amp;Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Every file of the batch runs this task, with the Prompt panel&apos;s options (prompt text, image budget, answer length).</source>
        <translation>Jede Datei des Stapels durchläuft diese Aufgabe, mit den Optionen des Bereichs „Eingabe“ (Prompt-Text, Bildbudget, Antwortlänge).</translation>
    </message>
    <message>
        <source>Best for the task (SRT, JSON or TXT)</source>
        <translation>Passend zur Aufgabe (SRT, JSON oder TXT)</translation>
    </message>
    <message>
        <source>Next to each input file</source>
        <translation>Neben jeder Eingabedatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Batch Results Folder</source>
        <translation>Ordner für die Stapelergebnisse</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>&amp;Aufgabe:</translation>
    </message>
    <message>
        <source>&amp;Results as:</source>
        <translation>&amp;Ergebnisse als:</translation>
    </message>
    <message>
        <source>Results folder:</source>
        <translation>Ergebnisordner:</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Add Files to the Batch</source>
        <translation>Dateien zum Stapel hinzufügen</translation>
    </message>
    <message>
        <source>Images and audio (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a);;All files (*)</source>
        <translation>Bilder und Audio (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Add a Folder to the Batch</source>
        <translation>Ordner zum Stapel hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added to the batch.</source>
        <translation>
            <numerusform>%n Datei zum Stapel hinzugefügt.</numerusform>
            <numerusform>%n Dateien zum Stapel hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Drop files or folders here.</source>
        <translation>Dateien oder Ordner hier ablegen.</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 fertig</translation>
    </message>
</context>
<context>
    <name>gwb::ui::BatchQueue</name>
    <message numerus="yes">
        <source>%n segment(s) so far</source>
        <translation>
            <numerusform>bisher %n Abschnitt</numerusform>
            <numerusform>bisher %n Abschnitte</numerusform>
        </translation>
    </message>
    <message>
        <source>Left out of the batch (not an image or audio file): %1</source>
        <translation>Nicht in den Stapel aufgenommen (keine Bild- oder Audiodatei): %1</translation>
    </message>
    <message>
        <source>Not found or not readable: %1</source>
        <translation>Nicht gefunden oder nicht lesbar: %1</translation>
    </message>
    <message>
        <source>The batch is running.</source>
        <translation>Der Stapel läuft.</translation>
    </message>
    <message>
        <source>Add files to the batch first (drop them here or use Add Files…).</source>
        <translation>Fügen Sie dem Stapel zuerst Dateien hinzu (hier ablegen oder „Dateien hinzufügen…“).</translation>
    </message>
    <message>
        <source>A batch runs image or audio tasks; choose one.</source>
        <translation>Ein Stapel führt Bild- oder Audioaufgaben aus; wählen Sie eine.</translation>
    </message>
    <message>
        <source>No waiting file is of the kind &quot;%1&quot; needs (%2).</source>
        <translation>Keine wartende Datei hat die Art, die „%1“ braucht (%2).</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>Laden Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <source>The batch pauses after the current file.</source>
        <translation>Der Stapel pausiert nach der aktuellen Datei.</translation>
    </message>
    <message>
        <source>The batch is paused.</source>
        <translation>Der Stapel ist pausiert.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1 needs %2; this file is %3.</source>
        <translation>%1 braucht %2; diese Datei ist %3.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>The batch is paused: the engine cannot run now (%1).</source>
        <translation>Der Stapel ist pausiert: Die Engine kann gerade nicht laufen (%1).</translation>
    </message>
    <message>
        <source>Stopped; nothing was written.</source>
        <translation>Angehalten; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>(%1 does not fit this result)</source>
        <translation>(%1 passt nicht zu diesem Ergebnis)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Batch finished: %1 written, %2 failed, %3 cancelled.</source>
        <translation>Stapel fertig: %1 geschrieben, %2 fehlgeschlagen, %3 abgebrochen.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineController</name>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>%1 wird geladen… %2 %</translation>
    </message>
    <message>
        <source>Using %1 (%2).</source>
        <translation>Verwende %1 (%2).</translation>
    </message>
    <message>
        <source>Choose a model folder first (Browse…).</source>
        <translation>Wählen Sie zuerst einen Modellordner (Durchsuchen…).</translation>
    </message>
    <message>
        <source>Loaded %1: %2 MiB on %3.</source>
        <translation>%1 geladen: %2 MiB auf %3.</translation>
    </message>
    <message>
        <source>The model was unloaded.</source>
        <translation>Das Modell wurde entladen.</translation>
    </message>
    <message>
        <source>The model was unloaded because the device was lost. Load it again.</source>
        <translation>Das Modell wurde entladen, weil das Gerät verloren ging. Laden Sie es erneut.</translation>
    </message>
    <message>
        <source>Running on %1…</source>
        <translation>Läuft auf %1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>Done, %1: %2 prompt tokens in %3 ms, %4 tokens at %5 tok/s.</source>
        <translation>Fertig, %1: %2 Prompt-Token in %3 ms, %4 Token mit %5 Token/s.</translation>
    </message>
    <message>
        <source>No GPU in use: %1 runs the model on the CPU through lavapipe, much slower than a GPU.</source>
        <translation>Keine GPU im Einsatz: %1 führt das Modell über lavapipe auf der CPU aus, viel langsamer als eine GPU.</translation>
    </message>
    <message>
        <source>The task was stopped.</source>
        <translation>Die Aufgabe wurde angehalten.</translation>
    </message>
    <message>
        <source>Done: %1 object(s) marked on the image; tokens generated: %2.</source>
        <translation>Fertig: %1 Objekt(e) im Bild markiert; erzeugte Tokens: %2.</translation>
    </message>
    <message>
        <source>Done: prompt tokens: %1, tokens generated: %2.</source>
        <translation>Fertig: Prompt-Tokens: %1, erzeugte Tokens: %2.</translation>
    </message>
    <message>
        <source>The model did not load. %1</source>
        <translation>Das Modell wurde nicht geladen. %1</translation>
    </message>
    <message>
        <source>Stopped: the answer above is incomplete.</source>
        <translation>Angehalten: Die Antwort oben ist unvollständig.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineState</name>
    <message>
        <source>GPU: not initialised</source>
        <translation>GPU: nicht initialisiert</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU: %1</translation>
    </message>
    <message>
        <source>Model: not loaded (engine not connected)</source>
        <translation>Modell: nicht geladen (Engine nicht angebunden)</translation>
    </message>
    <message>
        <source>Model: not loaded</source>
        <translation>Modell: nicht geladen</translation>
    </message>
    <message>
        <source>Model: loading %1…</source>
        <translation>Modell: %1 wird geladen…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Model: %1 (running)</source>
        <translation>Modell: %1 (läuft)</translation>
    </message>
    <message>
        <source>The model is not loaded: this build does not connect the inference engine yet.</source>
        <translation>Das Modell ist nicht geladen: Diese Version bindet die Inferenz-Engine noch nicht an.</translation>
    </message>
    <message>
        <source>The model is not loaded. Load one in the Model panel.</source>
        <translation>Das Modell ist nicht geladen. Laden Sie eines im Bereich „Modell“.</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Das Modell wird noch geladen.</translation>
    </message>
    <message>
        <source>A request is already running.</source>
        <translation>Es läuft bereits eine Anfrage.</translation>
    </message>
    <message>
        <source>The model is not loaded: loading needs the inference engine, which this build does not connect yet.</source>
        <translation>Das Modell ist nicht geladen: Zum Laden wird die Inferenz-Engine benötigt, die diese Version noch nicht anbindet.</translation>
    </message>
    <message>
        <source>Wait until the current operation finishes.</source>
        <translation>Warten Sie, bis der aktuelle Vorgang abgeschlossen ist.</translation>
    </message>
    <message>
        <source>GPU: starting…</source>
        <translation>GPU: wird gestartet…</translation>
    </message>
    <message>
        <source>GPU: none usable</source>
        <translation>GPU: keine nutzbar</translation>
    </message>
    <message>
        <source>CPU: %1 (no GPU, slow)</source>
        <translation>CPU: %1 (keine GPU, langsam)</translation>
    </message>
    <message>
        <source>Not detected yet: the Vulkan engine is not connected.</source>
        <translation>Noch nicht erkannt: Die Vulkan-Engine ist nicht angebunden.</translation>
    </message>
    <message>
        <source>Looking for a Vulkan device…</source>
        <translation>Suche nach einem Vulkan-Gerät…</translation>
    </message>
    <message>
        <source>No usable device. %1</source>
        <translation>Kein nutzbares Gerät. %1</translation>
    </message>
    <message>
        <source>No GPU is used: the model runs on the CPU through lavapipe, far slower than on a GPU.</source>
        <translation>Es wird keine GPU verwendet: Das Modell läuft über lavapipe auf der CPU, weit langsamer als auf einer GPU.</translation>
    </message>
    <message>
        <source>The model is not loaded: the engine is still starting.</source>
        <translation>Das Modell ist nicht geladen: Die Engine startet noch.</translation>
    </message>
    <message>
        <source>The model is not loaded: no usable Vulkan device was found.</source>
        <translation>Das Modell ist nicht geladen: Es wurde kein nutzbares Vulkan-Gerät gefunden.</translation>
    </message>
    <message>
        <source>The model is not loaded yet: the engine is still looking for a device.</source>
        <translation>Das Modell ist noch nicht geladen: Die Engine sucht noch nach einem Gerät.</translation>
    </message>
    <message>
        <source>The model cannot be loaded: no usable Vulkan device. %1</source>
        <translation>Das Modell kann nicht geladen werden: kein nutzbares Vulkan-Gerät. %1</translation>
    </message>
    <message>
        <source>Load a model to run image, audio and video tasks.</source>
        <translation>Laden Sie ein Modell, um Bild-, Audio- und Videoaufgaben auszuführen.</translation>
    </message>
    <message>
        <source>No GPU found: the model runs on the CPU through lavapipe, far slower than on a GPU.</source>
        <translation>Keine GPU gefunden: Das Modell läuft über lavapipe auf der CPU, weit langsamer als auf einer GPU.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineTypes</name>
    <message>
        <source>the answer was complete</source>
        <translation>die Antwort war vollständig</translation>
    </message>
    <message>
        <source>the token limit was reached</source>
        <translation>das Token-Limit wurde erreicht</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>the context is full</source>
        <translation>der Kontext ist voll</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineWorker</name>
    <message>
        <source>No Vulkan driver is installed: %1</source>
        <translation>Es ist kein Vulkan-Treiber installiert: %1</translation>
    </message>
    <message>
        <source>No usable Vulkan device: %1</source>
        <translation>Kein nutzbares Vulkan-Gerät: %1</translation>
    </message>
    <message>
        <source>The device lacks a feature the engine needs: %1</source>
        <translation>Dem Gerät fehlt eine Funktion, die die Engine braucht: %1</translation>
    </message>
    <message>
        <source>The GPU ran out of memory (try a smaller model or a shorter answer): %1</source>
        <translation>Der GPU ist der Speicher ausgegangen (versuchen Sie ein kleineres Modell oder eine kürzere Antwort): %1</translation>
    </message>
    <message>
        <source>The computer ran out of memory: %1</source>
        <translation>Dem Computer ist der Speicher ausgegangen: %1</translation>
    </message>
    <message>
        <source>The GPU stopped responding (device lost): %1</source>
        <translation>Die GPU reagiert nicht mehr (Gerät verloren): %1</translation>
    </message>
    <message>
        <source>GPU error: %1</source>
        <translation>GPU-Fehler: %1</translation>
    </message>
    <message>
        <source>The model&apos;s configuration is not usable: %1</source>
        <translation>Die Konfiguration des Modells ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The model&apos;s files are not usable: %1</source>
        <translation>Die Dateien des Modells sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer is not usable: %1</source>
        <translation>Der Tokenizer des Modells ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>The model&apos;s chat template failed: %1</source>
        <translation>Die Chat-Vorlage des Modells ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>Dem Computer ist der Speicher ausgegangen.</translation>
    </message>
    <message>
        <source>The Vulkan device could not be opened (unknown error).</source>
        <translation>Das Vulkan-Gerät konnte nicht geöffnet werden (unbekannter Fehler).</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>Wählen Sie zuerst einen Modellordner.</translation>
    </message>
    <message>
        <source>Could not load %1: no Vulkan device is available.</source>
        <translation>%1 konnte nicht geladen werden: Es ist kein Vulkan-Gerät verfügbar.</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Could not load %1: unknown error in the engine.</source>
        <translation>%1 konnte nicht geladen werden: unbekannter Fehler in der Engine.</translation>
    </message>
    <message>
        <source>No model is loaded. Load one in the Model panel first.</source>
        <translation>Es ist kein Modell geladen. Laden Sie zuerst eines im Bereich „Modell“.</translation>
    </message>
    <message>
        <source>The model folder has no tokenizer.json or chat template, so text cannot be encoded.</source>
        <translation>Der Modellordner enthält keine tokenizer.json oder Chat-Vorlage, daher kann kein Text kodiert werden.</translation>
    </message>
    <message>
        <source>The request failed: %1</source>
        <translation>Die Anfrage ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The request failed: unknown error in the engine.</source>
        <translation>Die Anfrage ist fehlgeschlagen: unbekannter Fehler in der Engine.</translation>
    </message>
    <message>
        <source>The engine has no task called &quot;%1&quot;.</source>
        <translation>Die Engine kennt keine Aufgabe namens „%1“.</translation>
    </message>
    <message>
        <source>This model has no audio encoder, so it cannot listen to audio.</source>
        <translation>Dieses Modell hat keinen Audio-Encoder und kann daher kein Audio hören.</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Die Datei konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The task cannot run like this: %1</source>
        <translation>Die Aufgabe kann so nicht laufen: %1</translation>
    </message>
    <message>
        <source>The task failed: %1</source>
        <translation>Die Aufgabe ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The task failed: unknown error in the engine.</source>
        <translation>Die Aufgabe ist fehlgeschlagen: unbekannter Fehler in der Engine.</translation>
    </message>
    <message>
        <source>This build has no media decoding (GWB_MEDIA is off), so media tasks cannot run.</source>
        <translation>Dieser Build kann keine Medien dekodieren (GWB_MEDIA ist aus), daher laufen keine Medienaufgaben.</translation>
    </message>
    <message>
        <source>This model has no vision encoder, so it cannot read images or video.</source>
        <translation>Dieses Modell hat keinen Bild-Encoder und kann daher keine Bilder oder Videos lesen.</translation>
    </message>
    <message>
        <source>Extracting frames: %1 of %2</source>
        <translation>Einzelbilder werden extrahiert: %1 von %2</translation>
    </message>
    <message>
        <source>Encoding frames: %1 of %2</source>
        <translation>Einzelbilder werden kodiert: %1 von %2</translation>
    </message>
    <message>
        <source>Soundtrack: piece %1 of %2</source>
        <translation>Tonspur: Abschnitt %1 von %2</translation>
    </message>
    <message>
        <source>Video window %1 of %2</source>
        <translation>Videoabschnitt %1 von %2</translation>
    </message>
    <message>
        <source>Answering: window %1 of %2</source>
        <translation>Antwort: Abschnitt %1 von %2</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 von %3</translation>
    </message>
    <message>
        <source>Audio segment %1 of %2</source>
        <translation>Audiosegment %1 von %2</translation>
    </message>
    <message>
        <source>Finding speech: %1 of %2 s</source>
        <translation>Sprache wird gesucht: %1 von %2 s</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportDialog</name>
    <message>
        <source>Export Result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <source>Next to the input file</source>
        <translation>Neben der Eingabedatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Export Folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <source>Fields: %1</source>
        <translation>Felder: %1</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>F&amp;older:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Datei&amp;name:</translation>
    </message>
    <message>
        <source>Saves as:</source>
        <translation>Speichert als:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportRenderer</name>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Beschriftung</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>Pixel</translation>
    </message>
    <message>
        <source>The annotated image could not be encoded as PNG.</source>
        <translation>Das beschriftete Bild konnte nicht als PNG kodiert werden.</translation>
    </message>
    <message>
        <source>The transcript cannot be written as subtitles: %1</source>
        <translation>Das Transkript kann nicht als Untertitel geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportTarget</name>
    <message>
        <source>This result has no input file to save next to; choose an export folder.</source>
        <translation>Dieses Ergebnis hat keine Eingabedatei, neben der es gespeichert werden könnte; wählen Sie einen Exportordner.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FilenameTemplate</name>
    <message>
        <source>The file name template names a folder; remove &apos;/&apos; and &apos;\&apos; (choose the folder separately).</source>
        <translation>Die Dateinamenvorlage benennt einen Ordner; entfernen Sie &apos;/&apos; und &apos;\&apos; (den Ordner wählen Sie getrennt).</translation>
    </message>
    <message>
        <source>The file name template uses an unknown field %1; the fields are %2.</source>
        <translation>Die Dateinamenvorlage verwendet ein unbekanntes Feld %1; die Felder sind %2.</translation>
    </message>
    <message>
        <source>The file name template gives an empty file name; use e.g. %1.</source>
        <translation>Die Dateinamenvorlage ergibt einen leeren Dateinamen; verwenden Sie z. B. %1.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FrameStrip</name>
    <message>
        <source>The frames a video task looks at, with their times. Click one to show it in the player.</source>
        <translation>Die Bilder, die eine Videoaufgabe betrachtet, mit ihren Zeiten. Klicken Sie auf eines, um es im Player zu zeigen.</translation>
    </message>
    <message>
        <source>The frames a video task samples (one per second) appear here.</source>
        <translation>Hier erscheinen die Bilder, die eine Videoaufgabe entnimmt (eines pro Sekunde).</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FrameStripLoader</name>
    <message>
        <source>this build has no media decoding (GWB_MEDIA is off)</source>
        <translation>dieser Build kann keine Medien dekodieren (GWB_MEDIA ist aus)</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ImagePanel</name>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the image to the panel (Ctrl+0)</source>
        <translation>Bild in den Bereich einpassen (Strg+0)</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Show the image at its real size (Ctrl+1)</source>
        <translation>Bild in Originalgröße zeigen (Strg+1)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-, or the mouse wheel)</source>
        <translation>Verkleinern (Strg+- oder Mausrad)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++, or the mouse wheel)</source>
        <translation>Vergrößern (Strg++ oder Mausrad)</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Beschriftungen</translation>
    </message>
    <message>
        <source>Show or hide the overlay boxes of each label</source>
        <translation>Rahmen jeder Beschriftung ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Kein Bild</translation>
    </message>
    <message>
        <source>%1  —  %2 × %3 px</source>
        <translation>%1  —  %2 × %3 px</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ImageView</name>
    <message>
        <source>Drop an image here, paste one with Ctrl+V, or open one with Ctrl+O.</source>
        <translation>Ziehen Sie ein Bild hierher, fügen Sie eines mit Strg+V ein oder öffnen Sie eines mit Strg+O.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::MainWindow</name>
    <message>
        <source>Gemma Workbench</source>
        <translation>Gemma Workbench</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Fit Image</source>
        <translation>Bild &amp;einpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Play/Pause &amp;Audio</source>
        <translation>&amp;Audio abspielen/anhalten</translation>
    </message>
    <message>
        <source>Play/Pause &amp;Video</source>
        <translation>&amp;Video abspielen/anhalten</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Gemma Workbench</source>
        <translation>&amp;Über Gemma Workbench</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Drop images, audio or video anywhere, or press Ctrl+O.</source>
        <translation>Ziehen Sie Bilder, Audio oder Video an eine beliebige Stelle oder drücken Sie Strg+O.</translation>
    </message>
    <message>
        <source>Open Media</source>
        <translation>Medien öffnen</translation>
    </message>
    <message>
        <source>Media (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a *.mp4 *.mkv *.webm *.mov *.avi);;All files (*)</source>
        <translation>Medien (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a *.mp4 *.mkv *.webm *.mov *.avi);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>The clipboard holds no image or file to open.</source>
        <translation>Die Zwischenablage enthält kein Bild und keine Datei zum Öffnen.</translation>
    </message>
    <message>
        <source>Panels are back in their default places.</source>
        <translation>Die Bereiche sind wieder an ihren Standardplätzen.</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>&amp;Modell öffnen…</translation>
    </message>
    <message>
        <source>&amp;Recent Models</source>
        <translation>&amp;Zuletzt verwendete Modelle</translation>
    </message>
    <message>
        <source>No model loaded yet</source>
        <translation>Noch kein Modell geladen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Getting a Model</source>
        <translation>&amp;Ein Modell besorgen</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Stapel</translation>
    </message>
    <message>
        <source>Settings saved. The language and the device change after a restart.</source>
        <translation>Einstellungen gespeichert. Sprache und Gerät ändern sich nach einem Neustart.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>Getting a Model</source>
        <translation>Ein Modell besorgen</translation>
    </message>
</context>
<context>
    <name>gwb::ui::MediaIntake</name>
    <message>
        <source>Opened %1 (%2): task set to %3</source>
        <translation>%1 geöffnet (%2): Aufgabe auf „%3“ gesetzt</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n file(s): task set to %1</source>
        <translation>
            <numerusform>%n Datei geöffnet: Aufgabe auf „%1“ gesetzt</numerusform>
            <numerusform>%n Dateien geöffnet: Aufgabe auf „%1“ gesetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not an image, audio or video file</source>
        <translation>%1 ist keine Bild-, Audio- oder Videodatei</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are not images, audio or video (e.g. %1)</source>
        <translation>
            <numerusform>%n Datei ist kein Bild, Audio oder Video (%1)</numerusform>
            <numerusform>%n Dateien sind keine Bilder, Audio- oder Videodateien (z. B. %1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n path(s) could not be read</source>
        <translation>
            <numerusform>%n Pfad konnte nicht gelesen werden</numerusform>
            <numerusform>%n Pfade konnten nicht gelesen werden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more file(s) skipped: at most %1 files per drop</source>
        <translation>
            <numerusform>%n weitere Datei übersprungen: höchstens %1 Dateien pro Ablage</numerusform>
            <numerusform>%n weitere Dateien übersprungen: höchstens %1 Dateien pro Ablage</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 × %3 px): task set to %4</source>
        <translation>%1 (%2 × %3 px): Aufgabe auf „%4“ gesetzt</translation>
    </message>
    <message>
        <source>Pasted image %1</source>
        <translation>Eingefügtes Bild %1</translation>
    </message>
    <message>
        <source>Nothing to open: the clipboard or drop holds no image or file.</source>
        <translation>Nichts zu öffnen: Zwischenablage oder Ablage enthalten kein Bild und keine Datei.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::MediaKind</name>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelFit</name>
    <message>
        <source>fits</source>
        <translation>passt</translation>
    </message>
    <message>
        <source>tight: close other programs first</source>
        <translation>knapp: vorher andere Programme schließen</translation>
    </message>
    <message>
        <source>too big for this device</source>
        <translation>zu groß für dieses Gerät</translation>
    </message>
    <message>
        <source>unknown until the device is open</source>
        <translation>unbekannt, bis das Gerät geöffnet ist</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelGuide</name>
    <message>
        <source>This computer has %1 of RAM.</source>
        <translation>Dieser Computer hat %1 Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>an unknown amount</source>
        <translation>unbekannt viel</translation>
    </message>
    <message>
        <source>The GPU is not known yet.</source>
        <translation>Die GPU ist noch nicht bekannt.</translation>
    </message>
    <message>
        <source>No GPU is in use: %1 runs the model on the CPU, in RAM, far slower than a GPU.</source>
        <translation>Es ist keine GPU im Einsatz: %1 führt das Modell auf der CPU im Arbeitsspeicher aus, weit langsamer als eine GPU.</translation>
    </message>
    <message>
        <source>The GPU, %1, has %2 of its own memory.</source>
        <translation>Die GPU, %1, hat %2 eigenen Speicher.</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>Noch kein Modell</translation>
    </message>
    <message>
        <source>Gemma Workbench runs Google&apos;s Gemma 4 models on this computer. Download one from Hugging Face (accept the Gemma terms on its page first):</source>
        <translation>Gemma Workbench führt Googles Gemma-4-Modelle auf diesem Computer aus. Laden Sie eines von Hugging Face herunter (akzeptieren Sie zuerst die Gemma-Bedingungen auf seiner Seite):</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Braucht</translation>
    </message>
    <message>
        <source>On this machine</source>
        <translation>Auf diesem Rechner</translation>
    </message>
    <message>
        <source>E2B is the smaller and faster one; E4B answers better. With the Hugging Face command-line tool (pip install huggingface_hub) the download is:</source>
        <translation>E2B ist das kleinere und schnellere; E4B antwortet besser. Mit dem Kommandozeilenwerkzeug von Hugging Face (pip install huggingface_hub) lautet der Download:</translation>
    </message>
    <message>
        <source>Then choose the downloaded folder (the one with config.json, the *.safetensors files and tokenizer.json) with Browse… and press Load. A GGUF file of the same model (.gguf) can be chosen instead of a folder.</source>
        <translation>Wählen Sie dann den heruntergeladenen Ordner (den mit config.json, den *.safetensors-Dateien und tokenizer.json) mit „Durchsuchen…“ und drücken Sie „Laden“. Statt eines Ordners kann auch eine GGUF-Datei desselben Modells (.gguf) gewählt werden.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelPanel</name>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Folder with config.json and *.safetensors, or a .gguf file</source>
        <translation>Ordner mit config.json und *.safetensors oder eine .gguf-Datei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Speicher:</translation>
    </message>
    <message>
        <source>Load the model onto the device</source>
        <translation>Modell auf das Gerät laden</translation>
    </message>
    <message>
        <source>Free the model&apos;s memory</source>
        <translation>Speicher des Modells freigeben</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>Nothing loaded.</source>
        <translation>Nichts geladen.</translation>
    </message>
    <message>
        <source>%1 MiB on the device: weights %2 MiB, context cache %3 MiB (%4 tokens)</source>
        <translation>%1 MiB auf dem Gerät: Gewichte %2 MiB, Kontext-Cache %3 MiB (%4 Token)</translation>
    </message>
    <message>
        <source>Per-layer embedding table on the device: %1 MiB of the weights</source>
        <translation>Per-Layer-Embedding-Tabelle auf dem Gerät: %1 MiB der Gewichte</translation>
    </message>
    <message>
        <source>Per-layer embedding table in host memory: prompts start a little later</source>
        <translation>Per-Layer-Embedding-Tabelle im Hauptspeicher: Prompts starten etwas später</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %n layer(s)</source>
        <translation>
            <numerusform>%1: %2, %n Schicht</numerusform>
            <numerusform>%1: %2, %n Schichten</numerusform>
        </translation>
    </message>
    <message>
        <source>No tokenizer or chat template in the folder: text prompts cannot be used.</source>
        <translation>Kein Tokenizer oder keine Chat-Vorlage im Ordner: Text-Prompts sind nicht möglich.</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Models loaded recently</source>
        <translation>Zuletzt geladene Modelle</translation>
    </message>
    <message>
        <source>%1 is chosen; it loads once the engine is ready.</source>
        <translation>%1 ist gewählt; es wird geladen, sobald die Engine bereit ist.</translation>
    </message>
    <message>
        <source>Choose a GGUF model file</source>
        <translation>GGUF-Modelldatei wählen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No model loaded yet</source>
        <translation>Noch kein Modell geladen</translation>
    </message>
    <message>
        <source>Choose a .gguf File…</source>
        <translation>.gguf-Datei wählen…</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>gwb::ui::OutputPanel</name>
    <message>
        <source>Thoughts</source>
        <translation>Gedanken</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>The model&apos;s answer will appear here.</source>
        <translation>Die Antwort des Modells erscheint hier.</translation>
    </message>
    <message>
        <source>No thoughts: thinking is off or the model went straight to the answer.</source>
        <translation>Keine Gedanken: Das Nachdenken ist aus oder das Modell hat direkt geantwortet.</translation>
    </message>
    <message>
        <source>Render headings, lists, tables and code in the answer</source>
        <translation>Überschriften, Listen, Tabellen und Code in der Antwort darstellen</translation>
    </message>
    <message>
        <source>Decoding speed of the last answer</source>
        <translation>Dekodiergeschwindigkeit der letzten Antwort</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the answer to the clipboard</source>
        <translation>Antwort in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>— tok/s</source>
        <translation>— Token/s</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
</context>
<context>
    <name>gwb::ui::PromptPanel</name>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Beliebig</translation>
    </message>
    <message>
        <source>Let the model think first</source>
        <translation>Modell zuerst nachdenken lassen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>&amp;Aufgabe:</translation>
    </message>
    <message>
        <source>Stop the running request (Esc)</source>
        <translation>Laufende Anfrage anhalten (Esc)</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Medien</translation>
    </message>
    <message>
        <source>Files given to the model, in this order. Drop more anywhere.</source>
        <translation>Dateien, die das Modell in dieser Reihenfolge erhält. Weitere an beliebiger Stelle ablegen.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected files from the request</source>
        <translation>Ausgewählte Dateien aus der Anfrage entfernen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>Soft tokens per image: more tokens read small text better but run slower</source>
        <translation>Soft-Token pro Bild: Mehr Token lesen kleine Schrift besser, rechnen aber langsamer</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens</source>
        <translation>Die Antwort endet nach so vielen Token</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (greedy)</translation>
    </message>
    <message>
        <source>0 gives the same answer every time; higher values vary more</source>
        <translation>0 ergibt jedes Mal dieselbe Antwort; höhere Werte variieren mehr</translation>
    </message>
    <message>
        <source>Image budget:</source>
        <translation>Bildbudget:</translation>
    </message>
    <message>
        <source>Max answer tokens:</source>
        <translation>Max. Antwort-Token:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Run the task (Ctrl+Return)</source>
        <translation>Aufgabe ausführen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Optional: instructions for the model</source>
        <translation>Optional: Anweisungen an das Modell</translation>
    </message>
    <message>
        <source>Sent as the system turn before your prompt</source>
        <translation>Wird als System-Nachricht vor Ihrem Prompt gesendet</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>Modellvorgabe</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0: no limit)</source>
        <translation>Nur aus den k wahrscheinlichsten Token wählen (0: keine Grenze)</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens that together reach this probability</source>
        <translation>Nur aus den wahrscheinlichsten Token wählen, die zusammen diese Wahrscheinlichkeit erreichen</translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer</source>
        <translation>Gleicher Seed und gleiche Einstellungen ergeben dieselbe Antwort</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>System-Prompt:</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>More options</source>
        <translation>Weitere Optionen</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Schreiben Sie zuerst einen Prompt.</translation>
    </message>
    <message>
        <source>Add an image file first (drop one anywhere).</source>
        <translation>Fügen Sie zuerst eine Bilddatei hinzu (irgendwo ablegen).</translation>
    </message>
    <message>
        <source>Add an audio file first (drop one anywhere).</source>
        <translation>Fügen Sie zuerst eine Audiodatei hinzu (irgendwo ablegen).</translation>
    </message>
    <message>
        <source>Add a video file first (drop one anywhere).</source>
        <translation>Fügen Sie zuerst eine Videodatei hinzu (irgendwo ablegen).</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ResultExporter</name>
    <message>
        <source>&amp;Export Result…</source>
        <translation>Ergebnis &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;As</source>
        <translation>Exportieren &amp;als</translation>
    </message>
    <message>
        <source>&amp;Copy Detections as JSON</source>
        <translation>Erkennungen als JSON &amp;kopieren</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
    <message>
        <source>There are no detections to copy; run Detect or Point on an image first.</source>
        <translation>Es gibt keine Erkennungen zum Kopieren; führen Sie zuerst „Objekte erkennen“ oder „Auf Objekte zeigen“ auf einem Bild aus.</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n detection(s) as JSON.</source>
        <translation>
            <numerusform>%n Erkennung als JSON kopiert.</numerusform>
            <numerusform>%n Erkennungen als JSON kopiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gwb::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Automatic (the best GPU; the CPU only when there is none)</source>
        <translation>Automatisch (die beste GPU; die CPU nur, wenn keine da ist)</translation>
    </message>
    <message>
        <source>A device index (0, 1, …) or part of its name, as listed by “gemma-workbench-cli devices”</source>
        <translation>Eine Gerätenummer (0, 1, …) oder ein Teil des Namens, wie „gemma-workbench-cli devices“ sie auflistet</translation>
    </message>
    <message>
        <source>Next to each input file</source>
        <translation>Neben jeder Eingabedatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Export Folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>The device is opened when the app starts: a change applies after a restart.</source>
        <translation>Das Gerät wird beim Start der App geöffnet: Eine Änderung wirkt nach einem Neustart.</translation>
    </message>
    <message>
        <source>&amp;Export folder:</source>
        <translation>&amp;Exportordner:</translation>
    </message>
    <message>
        <source>Defaults for new requests</source>
        <translation>Vorgaben für neue Anfragen</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (greedy)</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>Modellvorgabe</translation>
    </message>
    <message>
        <source>&amp;Image budget:</source>
        <translation>&amp;Bildbudget:</translation>
    </message>
    <message>
        <source>&amp;Max new tokens:</source>
        <translation>&amp;Max. neue Token:</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-&amp;k:</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <source>OK sets these in the Prompt panel now; new windows start with them.</source>
        <translation>OK übernimmt diese Werte jetzt in den Bereich „Eingabe“; neue Fenster starten mit ihnen.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The language changes after a restart.</source>
        <translation>Die Sprache ändert sich nach einem Neustart.</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>The theme changes at once.</source>
        <translation>Das Farbschema ändert sich sofort.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Search actions or keys</source>
        <translation>Aktionen oder Tasten suchen</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
</context>
<context>
    <name>gwb::ui::StartupOptions</name>
    <message>
        <source>Run Gemma 4 models on images, audio and video, locally.</source>
        <translation>Gemma-4-Modelle lokal auf Bilder, Audio und Video anwenden.</translation>
    </message>
    <message>
        <source>Save a PNG of the window after startup and exit.</source>
        <translation>Nach dem Start ein PNG des Fensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Start with the default panel layout.</source>
        <translation>Mit der Standardanordnung der Bereiche starten.</translation>
    </message>
    <message>
        <source>Files or folders to open.</source>
        <translation>Zu öffnende Dateien oder Ordner.</translation>
    </message>
    <message>
        <source>User interface language (e.g. de, fr, en).</source>
        <translation>Sprache der Oberfläche (z. B. de, fr, en).</translation>
    </message>
</context>
<context>
    <name>gwb::ui::TaskCatalog</name>
    <message>
        <source>Caption</source>
        <translation>Bildbeschreibung</translation>
    </message>
    <message>
        <source>Optional: what the caption should focus on</source>
        <translation>Optional: worauf sich die Beschreibung konzentrieren soll</translation>
    </message>
    <message>
        <source>Read text (OCR)</source>
        <translation>Text lesen (OCR)</translation>
    </message>
    <message>
        <source>Optional: which part of the page to read</source>
        <translation>Optional: welcher Teil der Seite gelesen werden soll</translation>
    </message>
    <message>
        <source>Detect objects</source>
        <translation>Objekte erkennen</translation>
    </message>
    <message>
        <source>Optional: objects to find, e.g. &quot;cars, people&quot;</source>
        <translation>Optional: zu findende Objekte, z. B. „Autos, Personen“</translation>
    </message>
    <message>
        <source>Point at objects</source>
        <translation>Auf Objekte zeigen</translation>
    </message>
    <message>
        <source>Objects to point at</source>
        <translation>Objekte, auf die gezeigt werden soll</translation>
    </message>
    <message>
        <source>Ask about the image</source>
        <translation>Frage zum Bild</translation>
    </message>
    <message>
        <source>Your question about the image</source>
        <translation>Ihre Frage zum Bild</translation>
    </message>
    <message>
        <source>Transcribe</source>
        <translation>Transkribieren</translation>
    </message>
    <message>
        <source>Optional: spoken language or names to spell right</source>
        <translation>Optional: gesprochene Sprache oder Namen mit richtiger Schreibweise</translation>
    </message>
    <message>
        <source>Translate speech</source>
        <translation>Sprache übersetzen</translation>
    </message>
    <message>
        <source>Target language, e.g. &quot;English&quot;</source>
        <translation>Zielsprache, z. B. „Englisch“</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>Zusammenfassen</translation>
    </message>
    <message>
        <source>Optional: length or focus of the summary</source>
        <translation>Optional: Länge oder Schwerpunkt der Zusammenfassung</translation>
    </message>
    <message>
        <source>Ask about the audio</source>
        <translation>Frage zur Aufnahme</translation>
    </message>
    <message>
        <source>Your question about the recording</source>
        <translation>Ihre Frage zur Aufnahme</translation>
    </message>
    <message>
        <source>Describe the video</source>
        <translation>Video beschreiben</translation>
    </message>
    <message>
        <source>Optional: what the description should cover</source>
        <translation>Optional: was die Beschreibung abdecken soll</translation>
    </message>
    <message>
        <source>List actions with times</source>
        <translation>Handlungen mit Zeitangaben auflisten</translation>
    </message>
    <message>
        <source>Optional: which actions matter</source>
        <translation>Optional: welche Handlungen wichtig sind</translation>
    </message>
    <message>
        <source>Ask about the video</source>
        <translation>Frage zum Video</translation>
    </message>
    <message>
        <source>Your question about the video</source>
        <translation>Ihre Frage zum Video</translation>
    </message>
    <message>
        <source>Free prompt</source>
        <translation>Freie Eingabe</translation>
    </message>
    <message>
        <source>Write anything; attached media goes first</source>
        <translation>Beliebiger Text; angehängte Medien kommen zuerst</translation>
    </message>
</context>
<context>
    <name>gwb::ui::TransportBar</name>
    <message>
        <source>Play or pause</source>
        <translation>Abspielen oder anhalten</translation>
    </message>
    <message>
        <source>Seek</source>
        <translation>Springen</translation>
    </message>
</context>
<context>
    <name>gwb::ui::VideoPanel</name>
    <message>
        <source>No video</source>
        <translation>Kein Video</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>%1 kann nicht abgespielt werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) a video task looks at</source>
        <translation>
            <numerusform>%n Bild, das eine Videoaufgabe betrachtet</numerusform>
            <numerusform>%n Bilder, die eine Videoaufgabe betrachtet</numerusform>
        </translation>
    </message>
    <message>
        <source>No frames: %1</source>
        <translation>Keine Bilder: %1</translation>
    </message>
    <message>
        <source>Sampling frames…</source>
        <translation>Bilder werden entnommen…</translation>
    </message>
</context>
<context>
    <name>gwb::ui::WaveformView</name>
    <message>
        <source>No audio loaded. Drop a recording anywhere on the window.</source>
        <translation>Kein Audio geladen. Ziehen Sie eine Aufnahme an eine beliebige Stelle des Fensters.</translation>
    </message>
</context>
</TS>
