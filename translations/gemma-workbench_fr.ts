<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>gwb::ui::AboutDialog</name>
    <message>
        <source>About Gemma Workbench</source>
        <translation>À propos de Gemma Workbench</translation>
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
        <translation>Exécute les modèles Gemma 4 de Google — légendes, reconnaissance de texte, détection d’objets, transcription et questions sur des vidéos — entièrement sur votre ordinateur, avec son propre moteur Vulkan. Rien de ce que vous ouvrez ne quitte cette machine.</translation>
    </message>
    <message>
        <source>Built with Qt %1.</source>
        <translation>Compilé avec Qt %1.</translation>
    </message>
    <message>
        <source>Gemma models are provided under the Gemma Terms of Use.</source>
        <translation>Les modèles Gemma sont fournis selon les conditions d’utilisation de Gemma.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::AudioPanel</name>
    <message>
        <source>No audio</source>
        <translation>Aucun son</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>The transcript&apos;s segments. Double-click a text to correct it before export; click a row to play that segment.</source>
        <translation>Les segments de la transcription. Double-cliquez sur un texte pour le corriger avant l’export&#xa0;; cliquez sur une ligne pour écouter ce segment.</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Cannot draw the waveform of %1: %2</source>
        <translation>Impossible de dessiner la forme d’onde de %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>gwb::ui::BatchPanel</name>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Add &amp;Files…</source>
        <translation>Ajouter des &amp;fichiers…</translation>
    </message>
    <message>
        <source>Add F&amp;older…</source>
        <translation>Ajouter un &amp;dossier…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Vider</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>Every file of the batch runs this task, with the Prompt panel&apos;s options (prompt text, image budget, answer length).</source>
        <translation>Chaque fichier du lot passe par cette tâche, avec les options du panneau «&#xa0;Invite&#xa0;» (texte de l’invite, budget par image, longueur de la réponse).</translation>
    </message>
    <message>
        <source>Best for the task (SRT, JSON or TXT)</source>
        <translation>Le plus adapté à la tâche (SRT, JSON ou TXT)</translation>
    </message>
    <message>
        <source>Next to each input file</source>
        <translation>À côté de chaque fichier d’entrée</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Batch Results Folder</source>
        <translation>Dossier des résultats du lot</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>&amp;Tâche&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Results as:</source>
        <translation>&amp;Résultats en&#xa0;:</translation>
    </message>
    <message>
        <source>Results folder:</source>
        <translation>Dossier des résultats&#xa0;:</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Add Files to the Batch</source>
        <translation>Ajouter des fichiers au lot</translation>
    </message>
    <message>
        <source>Images and audio (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a);;All files (*)</source>
        <translation>Images et audio (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Add a Folder to the Batch</source>
        <translation>Ajouter un dossier au lot</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added to the batch.</source>
        <translation>
            <numerusform>%n fichier ajouté au lot.</numerusform>
            <numerusform>%n fichiers ajoutés au lot.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>Drop files or folders here.</source>
        <translation>Déposez des fichiers ou des dossiers ici.</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 sur %2 terminés</translation>
    </message>
</context>
<context>
    <name>gwb::ui::BatchQueue</name>
    <message numerus="yes">
        <source>%n segment(s) so far</source>
        <translation>
            <numerusform>%n segment pour l’instant</numerusform>
            <numerusform>%n segments pour l’instant</numerusform>
        </translation>
    </message>
    <message>
        <source>Left out of the batch (not an image or audio file): %1</source>
        <translation>Laissé hors du lot (ni image ni fichier audio)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Not found or not readable: %1</source>
        <translation>Introuvable ou illisible&#xa0;: %1</translation>
    </message>
    <message>
        <source>The batch is running.</source>
        <translation>Le lot est en cours.</translation>
    </message>
    <message>
        <source>Add files to the batch first (drop them here or use Add Files…).</source>
        <translation>Ajoutez d’abord des fichiers au lot (déposez-les ici ou utilisez «&#xa0;Ajouter des fichiers…&#xa0;»).</translation>
    </message>
    <message>
        <source>A batch runs image or audio tasks; choose one.</source>
        <translation>Un lot exécute des tâches sur des images ou du son&#xa0;; choisissez-en une.</translation>
    </message>
    <message>
        <source>No waiting file is of the kind &quot;%1&quot; needs (%2).</source>
        <translation>Aucun fichier en attente n’est du type dont «&#xa0;%1&#xa0;» a besoin (%2).</translation>
    </message>
    <message>
        <source>Load a model first.</source>
        <translation>Chargez d’abord un modèle.</translation>
    </message>
    <message>
        <source>The batch pauses after the current file.</source>
        <translation>Le lot se met en pause après le fichier en cours.</translation>
    </message>
    <message>
        <source>The batch is paused.</source>
        <translation>Le lot est en pause.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>%1 needs %2; this file is %3.</source>
        <translation>%1 a besoin de %2&#xa0;; ce fichier est %3.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>The batch is paused: the engine cannot run now (%1).</source>
        <translation>Le lot est en pause&#xa0;: le moteur ne peut pas s’exécuter pour l’instant (%1).</translation>
    </message>
    <message>
        <source>Stopped; nothing was written.</source>
        <translation>Arrêté&#xa0;; rien n’a été écrit.</translation>
    </message>
    <message>
        <source>(%1 does not fit this result)</source>
        <translation>(%1 ne convient pas à ce résultat)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <source>Batch finished: %1 written, %2 failed, %3 cancelled.</source>
        <translation>Lot terminé&#xa0;: %1 écrit(s), %2 en échec, %3 annulé(s).</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineController</name>
    <message>
        <source>Loading %1…</source>
        <translation>Chargement de %1…</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>Chargement de %1… %2&#xa0;%</translation>
    </message>
    <message>
        <source>No GPU in use: %1 runs the model on the CPU through lavapipe, much slower than a GPU.</source>
        <translation>Aucun GPU utilisé&#xa0;: %1 exécute le modèle sur le processeur via lavapipe, bien plus lentement qu’un GPU.</translation>
    </message>
    <message>
        <source>Using %1 (%2).</source>
        <translation>Utilisation de %1 (%2).</translation>
    </message>
    <message>
        <source>Choose a model folder first (Browse…).</source>
        <translation>Choisissez d’abord un dossier de modèle (Parcourir…).</translation>
    </message>
    <message>
        <source>Loaded %1: %2 MiB on %3.</source>
        <translation>%1 chargé&#xa0;: %2&#xa0;Mio sur %3.</translation>
    </message>
    <message>
        <source>The model did not load. %1</source>
        <translation>Le modèle ne s’est pas chargé. %1</translation>
    </message>
    <message>
        <source>The model was unloaded.</source>
        <translation>Le modèle a été déchargé.</translation>
    </message>
    <message>
        <source>The model was unloaded because the device was lost. Load it again.</source>
        <translation>Le modèle a été déchargé car le périphérique a été perdu. Chargez-le à nouveau.</translation>
    </message>
    <message>
        <source>The task was stopped.</source>
        <translation>La tâche a été arrêtée.</translation>
    </message>
    <message>
        <source>Stopped: the answer above is incomplete.</source>
        <translation>Arrêté&#xa0;: la réponse ci-dessus est incomplète.</translation>
    </message>
    <message>
        <source>Done: %1 object(s) marked on the image; tokens generated: %2.</source>
        <translation>Terminé&#xa0;: %1 objet(s) marqué(s) sur l’image&#xa0;; jetons générés&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Done: prompt tokens: %1, tokens generated: %2.</source>
        <translation>Terminé&#xa0;: jetons d’invite&#xa0;: %1, jetons générés&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Running on %1…</source>
        <translation>Exécution sur %1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Arrêt…</translation>
    </message>
    <message>
        <source>Done, %1: %2 prompt tokens in %3 ms, %4 tokens at %5 tok/s.</source>
        <translation>Terminé, %1&#xa0;: %2&#xa0;jetons d’invite en %3&#xa0;ms, %4&#xa0;jetons à %5&#xa0;jetons/s.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineState</name>
    <message>
        <source>GPU: starting…</source>
        <translation>GPU&#xa0;: démarrage…</translation>
    </message>
    <message>
        <source>GPU: none usable</source>
        <translation>GPU&#xa0;: aucun utilisable</translation>
    </message>
    <message>
        <source>GPU: not initialised</source>
        <translation>GPU&#xa0;: non initialisé</translation>
    </message>
    <message>
        <source>CPU: %1 (no GPU, slow)</source>
        <translation>Processeur&#xa0;: %1 (pas de GPU, lent)</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU&#xa0;: %1</translation>
    </message>
    <message>
        <source>Model: not loaded (engine not connected)</source>
        <translation>Modèle&#xa0;: non chargé (moteur non connecté)</translation>
    </message>
    <message>
        <source>Model: not loaded</source>
        <translation>Modèle&#xa0;: non chargé</translation>
    </message>
    <message>
        <source>Model: loading %1…</source>
        <translation>Modèle&#xa0;: chargement de %1…</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modèle&#xa0;: %1</translation>
    </message>
    <message>
        <source>Model: %1 (running)</source>
        <translation>Modèle&#xa0;: %1 (en cours)</translation>
    </message>
    <message>
        <source>Not detected yet: the Vulkan engine is not connected.</source>
        <translation>Pas encore détecté&#xa0;: le moteur Vulkan n’est pas connecté.</translation>
    </message>
    <message>
        <source>Looking for a Vulkan device…</source>
        <translation>Recherche d’un périphérique Vulkan…</translation>
    </message>
    <message>
        <source>No usable device. %1</source>
        <translation>Aucun périphérique utilisable. %1</translation>
    </message>
    <message>
        <source>No GPU found: the model runs on the CPU through lavapipe, far slower than on a GPU.</source>
        <translation>Aucun GPU trouvé&#xa0;: le modèle tourne sur le processeur via lavapipe, bien plus lentement que sur un GPU.</translation>
    </message>
    <message>
        <source>No GPU is used: the model runs on the CPU through lavapipe, far slower than on a GPU.</source>
        <translation>Aucun GPU n’est utilisé&#xa0;: le modèle tourne sur le processeur via lavapipe, bien plus lentement que sur un GPU.</translation>
    </message>
    <message>
        <source>The model is not loaded: this build does not connect the inference engine yet.</source>
        <translation>Le modèle n’est pas chargé&#xa0;: cette version ne connecte pas encore le moteur d’inférence.</translation>
    </message>
    <message>
        <source>The model is not loaded: the engine is still starting.</source>
        <translation>Le modèle n’est pas chargé&#xa0;: le moteur démarre encore.</translation>
    </message>
    <message>
        <source>The model is not loaded: no usable Vulkan device was found.</source>
        <translation>Le modèle n’est pas chargé&#xa0;: aucun périphérique Vulkan utilisable n’a été trouvé.</translation>
    </message>
    <message>
        <source>The model is not loaded. Load one in the Model panel.</source>
        <translation>Le modèle n’est pas chargé. Chargez-en un dans le panneau «&#xa0;Modèle&#xa0;».</translation>
    </message>
    <message>
        <source>The model is still loading.</source>
        <translation>Le modèle est encore en cours de chargement.</translation>
    </message>
    <message>
        <source>A request is already running.</source>
        <translation>Une requête est déjà en cours.</translation>
    </message>
    <message>
        <source>The model is not loaded: loading needs the inference engine, which this build does not connect yet.</source>
        <translation>Le modèle n’est pas chargé&#xa0;: le chargement nécessite le moteur d’inférence, que cette version ne connecte pas encore.</translation>
    </message>
    <message>
        <source>The model is not loaded yet: the engine is still looking for a device.</source>
        <translation>Le modèle n’est pas encore chargé&#xa0;: le moteur cherche encore un périphérique.</translation>
    </message>
    <message>
        <source>The model cannot be loaded: no usable Vulkan device. %1</source>
        <translation>Le modèle ne peut pas être chargé&#xa0;: aucun périphérique Vulkan utilisable. %1</translation>
    </message>
    <message>
        <source>Wait until the current operation finishes.</source>
        <translation>Attendez la fin de l’opération en cours.</translation>
    </message>
    <message>
        <source>Load a model to run image, audio and video tasks.</source>
        <translation>Chargez un modèle pour lancer les tâches image, audio et vidéo.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineTypes</name>
    <message>
        <source>the answer was complete</source>
        <translation>la réponse était complète</translation>
    </message>
    <message>
        <source>the token limit was reached</source>
        <translation>la limite de jetons a été atteinte</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>the context is full</source>
        <translation>le contexte est plein</translation>
    </message>
</context>
<context>
    <name>gwb::ui::EngineWorker</name>
    <message>
        <source>No Vulkan driver is installed: %1</source>
        <translation>Aucun pilote Vulkan n’est installé&#xa0;: %1</translation>
    </message>
    <message>
        <source>No usable Vulkan device: %1</source>
        <translation>Aucun périphérique Vulkan utilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The device lacks a feature the engine needs: %1</source>
        <translation>Il manque au périphérique une fonction dont le moteur a besoin&#xa0;: %1</translation>
    </message>
    <message>
        <source>The GPU ran out of memory (try a smaller model or a shorter answer): %1</source>
        <translation>Le GPU n’a plus de mémoire (essayez un modèle plus petit ou une réponse plus courte)&#xa0;: %1</translation>
    </message>
    <message>
        <source>The computer ran out of memory: %1</source>
        <translation>L’ordinateur n’a plus de mémoire&#xa0;: %1</translation>
    </message>
    <message>
        <source>The GPU stopped responding (device lost): %1</source>
        <translation>Le GPU ne répond plus (périphérique perdu)&#xa0;: %1</translation>
    </message>
    <message>
        <source>GPU error: %1</source>
        <translation>Erreur GPU&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model&apos;s configuration is not usable: %1</source>
        <translation>La configuration du modèle est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model&apos;s files are not usable: %1</source>
        <translation>Les fichiers du modèle sont inutilisables&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer is not usable: %1</source>
        <translation>Le tokeniseur du modèle est inutilisable&#xa0;: %1</translation>
    </message>
    <message>
        <source>The model&apos;s chat template failed: %1</source>
        <translation>Le gabarit de conversation du modèle a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>L’ordinateur n’a plus de mémoire.</translation>
    </message>
    <message>
        <source>The Vulkan device could not be opened (unknown error).</source>
        <translation>Le périphérique Vulkan n’a pas pu être ouvert (erreur inconnue).</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>Choisissez d’abord un dossier de modèle.</translation>
    </message>
    <message>
        <source>Could not load %1: no Vulkan device is available.</source>
        <translation>Impossible de charger %1&#xa0;: aucun périphérique Vulkan n’est disponible.</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>Impossible de charger %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Could not load %1: unknown error in the engine.</source>
        <translation>Impossible de charger %1&#xa0;: erreur inconnue dans le moteur.</translation>
    </message>
    <message>
        <source>No model is loaded. Load one in the Model panel first.</source>
        <translation>Aucun modèle n’est chargé. Chargez-en d’abord un dans le panneau «&#xa0;Modèle&#xa0;».</translation>
    </message>
    <message>
        <source>The model folder has no tokenizer.json or chat template, so text cannot be encoded.</source>
        <translation>Le dossier du modèle ne contient ni tokenizer.json ni gabarit de conversation, le texte ne peut donc pas être encodé.</translation>
    </message>
    <message>
        <source>The request failed: %1</source>
        <translation>La requête a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>The request failed: unknown error in the engine.</source>
        <translation>La requête a échoué&#xa0;: erreur inconnue dans le moteur.</translation>
    </message>
    <message>
        <source>The engine has no task called &quot;%1&quot;.</source>
        <translation>Le moteur n’a pas de tâche nommée «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>This model has no vision encoder, so it cannot read images or video.</source>
        <translation>Ce modèle n’a pas d’encodeur visuel, il ne peut donc lire ni images ni vidéos.</translation>
    </message>
    <message>
        <source>This model has no audio encoder, so it cannot listen to audio.</source>
        <translation>Ce modèle n’a pas d’encodeur audio, il ne peut donc pas écouter de son.</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Le fichier n’a pas pu être lu&#xa0;: %1</translation>
    </message>
    <message>
        <source>The task cannot run like this: %1</source>
        <translation>La tâche ne peut pas s’exécuter ainsi&#xa0;: %1</translation>
    </message>
    <message>
        <source>The task failed: %1</source>
        <translation>La tâche a échoué&#xa0;: %1</translation>
    </message>
    <message>
        <source>The task failed: unknown error in the engine.</source>
        <translation>La tâche a échoué&#xa0;: erreur inconnue dans le moteur.</translation>
    </message>
    <message>
        <source>This build has no media decoding (GWB_MEDIA is off), so media tasks cannot run.</source>
        <translation>Cette version ne décode pas les médias (GWB_MEDIA est désactivé), les tâches sur des médias ne peuvent donc pas s’exécuter.</translation>
    </message>
    <message>
        <source>Extracting frames: %1 of %2</source>
        <translation>Extraction des images : %1 sur %2</translation>
    </message>
    <message>
        <source>Encoding frames: %1 of %2</source>
        <translation>Encodage des images : %1 sur %2</translation>
    </message>
    <message>
        <source>Soundtrack: piece %1 of %2</source>
        <translation>Bande son : partie %1 sur %2</translation>
    </message>
    <message>
        <source>Video window %1 of %2</source>
        <translation>Fenêtre vidéo %1 sur %2</translation>
    </message>
    <message>
        <source>Answering: window %1 of %2</source>
        <translation>Réponse : fenêtre %1 sur %2</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1 : %2 sur %3</translation>
    </message>
    <message>
        <source>Audio segment %1 of %2</source>
        <translation>Segment audio %1 sur %2</translation>
    </message>
    <message>
        <source>Finding speech: %1 of %2 s</source>
        <translation>Recherche de la parole : %1 sur %2 s</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportDialog</name>
    <message>
        <source>Export Result</source>
        <translation>Exporter le résultat</translation>
    </message>
    <message>
        <source>Next to the input file</source>
        <translation>À côté du fichier d’entrée</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Export Folder</source>
        <translation>Dossier d’export</translation>
    </message>
    <message>
        <source>Fields: %1</source>
        <translation>Champs&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format&#xa0;:</translation>
    </message>
    <message>
        <source>F&amp;older:</source>
        <translation>&amp;Dossier&#xa0;:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>&amp;Nom du fichier&#xa0;:</translation>
    </message>
    <message>
        <source>Saves as:</source>
        <translation>Enregistre sous&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportRenderer</name>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>label</source>
        <translation>étiquette</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>pixels</translation>
    </message>
    <message>
        <source>The annotated image could not be encoded as PNG.</source>
        <translation>L’image annotée n’a pas pu être encodée en PNG.</translation>
    </message>
    <message>
        <source>The transcript cannot be written as subtitles: %1</source>
        <translation>La transcription ne peut pas être écrite en sous-titres&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ExportTarget</name>
    <message>
        <source>This result has no input file to save next to; choose an export folder.</source>
        <translation>Ce résultat n’a pas de fichier d’entrée à côté duquel l’enregistrer&#xa0;; choisissez un dossier d’export.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FilenameTemplate</name>
    <message>
        <source>The file name template names a folder; remove &apos;/&apos; and &apos;\&apos; (choose the folder separately).</source>
        <translation>Le modèle de nom de fichier désigne un dossier&#xa0;; retirez &apos;/&apos; et &apos;\&apos; (le dossier se choisit à part).</translation>
    </message>
    <message>
        <source>The file name template uses an unknown field %1; the fields are %2.</source>
        <translation>Le modèle de nom de fichier utilise un champ inconnu %1&#xa0;; les champs sont %2.</translation>
    </message>
    <message>
        <source>The file name template gives an empty file name; use e.g. %1.</source>
        <translation>Le modèle de nom de fichier donne un nom vide&#xa0;; utilisez p. ex. %1.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FrameStrip</name>
    <message>
        <source>The frames a video task looks at, with their times. Click one to show it in the player.</source>
        <translation>Les images qu’une tâche vidéo examine, avec leurs horaires. Cliquez sur l’une d’elles pour l’afficher dans le lecteur.</translation>
    </message>
    <message>
        <source>The frames a video task samples (one per second) appear here.</source>
        <translation>Les images qu’une tâche vidéo prélève (une par seconde) apparaissent ici.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::FrameStripLoader</name>
    <message>
        <source>this build has no media decoding (GWB_MEDIA is off)</source>
        <translation>cette version ne décode pas les médias (GWB_MEDIA est désactivé)</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ImagePanel</name>
    <message>
        <source>Fit</source>
        <translation>Ajuster</translation>
    </message>
    <message>
        <source>Fit the image to the panel (Ctrl+0)</source>
        <translation>Ajuster l’image au panneau (Ctrl+0)</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100&#xa0;%</translation>
    </message>
    <message>
        <source>Show the image at its real size (Ctrl+1)</source>
        <translation>Afficher l’image à sa taille réelle (Ctrl+1)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-, or the mouse wheel)</source>
        <translation>Zoom arrière (Ctrl+- ou molette de la souris)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++, or the mouse wheel)</source>
        <translation>Zoom avant (Ctrl++ ou molette de la souris)</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>Show or hide the overlay boxes of each label</source>
        <translation>Afficher ou masquer les cadres de chaque étiquette</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d’ouvrir %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>Aucune image</translation>
    </message>
    <message>
        <source>%1  —  %2 × %3 px</source>
        <translation>%1  —  %2&#xa0;×&#xa0;%3&#xa0;px</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ImageView</name>
    <message>
        <source>Drop an image here, paste one with Ctrl+V, or open one with Ctrl+O.</source>
        <translation>Déposez une image ici, collez-en une avec Ctrl+V ou ouvrez-en une avec Ctrl+O.</translation>
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
        <translation>Invite</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Ouvrir un &amp;dossier…</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>&amp;Coller l’image</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>Ouvrir un &amp;modèle…</translation>
    </message>
    <message>
        <source>&amp;Recent Models</source>
        <translation>Modèles &amp;récents</translation>
    </message>
    <message>
        <source>No model loaded yet</source>
        <translation>Aucun modèle chargé pour l’instant</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Affic&amp;hage</translation>
    </message>
    <message>
        <source>&amp;Fit Image</source>
        <translation>&amp;Ajuster l’image</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Taille réelle</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom a&amp;vant</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>Play/Pause &amp;Audio</source>
        <translation>Lire/mettre en pause l’a&amp;udio</translation>
    </message>
    <message>
        <source>Play/Pause &amp;Video</source>
        <translation>Lire/mettre en pause la &amp;vidéo</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>&amp;Réinitialiser la disposition</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;Getting a Model</source>
        <translation>&amp;Obtenir un modèle</translation>
    </message>
    <message>
        <source>&amp;About Gemma Workbench</source>
        <translation>À &amp;propos de Gemma Workbench</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>Drop images, audio or video anywhere, or press Ctrl+O.</source>
        <translation>Déposez des images, du son ou des vidéos n’importe où, ou appuyez sur Ctrl+O.</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>Open Media</source>
        <translation>Ouvrir des médias</translation>
    </message>
    <message>
        <source>Media (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a *.mp4 *.mkv *.webm *.mov *.avi);;All files (*)</source>
        <translation>Médias (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus *.m4a *.mp4 *.mkv *.webm *.mov *.avi);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>The clipboard holds no image or file to open.</source>
        <translation>Le presse-papiers ne contient ni image ni fichier à ouvrir.</translation>
    </message>
    <message>
        <source>Panels are back in their default places.</source>
        <translation>Les panneaux ont retrouvé leur place par défaut.</translation>
    </message>
    <message>
        <source>Settings saved. The language and the device change after a restart.</source>
        <translation>Paramètres enregistrés. La langue et le périphérique changent après un redémarrage.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Paramètres enregistrés.</translation>
    </message>
    <message>
        <source>Getting a Model</source>
        <translation>Obtenir un modèle</translation>
    </message>
</context>
<context>
    <name>gwb::ui::MediaIntake</name>
    <message>
        <source>Opened %1 (%2): task set to %3</source>
        <translation>%1 ouvert (%2)&#xa0;: tâche «&#xa0;%3&#xa0;»</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n file(s): task set to %1</source>
        <translation>
            <numerusform>%n fichier ouvert&#xa0;: tâche «&#xa0;%1&#xa0;»</numerusform>
            <numerusform>%n fichiers ouverts&#xa0;: tâche «&#xa0;%1&#xa0;»</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not an image, audio or video file</source>
        <translation>%1 n’est pas un fichier image, audio ou vidéo</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are not images, audio or video (e.g. %1)</source>
        <translation>
            <numerusform>%n fichier n’est ni une image, ni du son, ni une vidéo (%1)</numerusform>
            <numerusform>%n fichiers ne sont ni des images, ni du son, ni des vidéos (p. ex. %1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n path(s) could not be read</source>
        <translation>
            <numerusform>%n chemin n’a pas pu être lu</numerusform>
            <numerusform>%n chemins n’ont pas pu être lus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more file(s) skipped: at most %1 files per drop</source>
        <translation>
            <numerusform>%n fichier de plus ignoré&#xa0;: au plus %1 fichiers par dépôt</numerusform>
            <numerusform>%n fichiers de plus ignorés&#xa0;: au plus %1 fichiers par dépôt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 × %3 px): task set to %4</source>
        <translation>%1 (%2&#xa0;×&#xa0;%3&#xa0;px)&#xa0;: tâche «&#xa0;%4&#xa0;»</translation>
    </message>
    <message>
        <source>Pasted image %1</source>
        <translation>Image collée %1</translation>
    </message>
    <message>
        <source>Nothing to open: the clipboard or drop holds no image or file.</source>
        <translation>Rien à ouvrir&#xa0;: le presse-papiers ou le dépôt ne contient ni image ni fichier.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::MediaKind</name>
    <message>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <source>video</source>
        <translation>vidéo</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelFit</name>
    <message>
        <source>fits</source>
        <translation>tient</translation>
    </message>
    <message>
        <source>tight: close other programs first</source>
        <translation>juste&#xa0;: fermez d’abord d’autres programmes</translation>
    </message>
    <message>
        <source>too big for this device</source>
        <translation>trop grand pour ce périphérique</translation>
    </message>
    <message>
        <source>unknown until the device is open</source>
        <translation>inconnu tant que le périphérique n’est pas ouvert</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1&#xa0;Gio</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelGuide</name>
    <message>
        <source>This computer has %1 of RAM.</source>
        <translation>Cet ordinateur a %1 de mémoire vive.</translation>
    </message>
    <message>
        <source>an unknown amount</source>
        <translation>une quantité inconnue</translation>
    </message>
    <message>
        <source>The GPU is not known yet.</source>
        <translation>Le GPU n’est pas encore connu.</translation>
    </message>
    <message>
        <source>No GPU is in use: %1 runs the model on the CPU, in RAM, far slower than a GPU.</source>
        <translation>Aucun GPU n’est utilisé&#xa0;: %1 exécute le modèle sur le processeur, en mémoire vive, bien plus lentement qu’un GPU.</translation>
    </message>
    <message>
        <source>The GPU, %1, has %2 of its own memory.</source>
        <translation>Le GPU, %1, dispose de %2 de mémoire propre.</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>Pas encore de modèle</translation>
    </message>
    <message>
        <source>Gemma Workbench runs Google&apos;s Gemma 4 models on this computer. Download one from Hugging Face (accept the Gemma terms on its page first):</source>
        <translation>Gemma Workbench exécute les modèles Gemma 4 de Google sur cet ordinateur. Téléchargez-en un depuis Hugging Face (acceptez d’abord les conditions de Gemma sur sa page)&#xa0;:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Nécessite</translation>
    </message>
    <message>
        <source>On this machine</source>
        <translation>Sur cette machine</translation>
    </message>
    <message>
        <source>E2B is the smaller and faster one; E4B answers better. With the Hugging Face command-line tool (pip install huggingface_hub) the download is:</source>
        <translation>E2B est le plus petit et le plus rapide&#xa0;; E4B répond mieux. Avec l’outil en ligne de commande de Hugging Face (pip install huggingface_hub), le téléchargement se fait ainsi&#xa0;:</translation>
    </message>
    <message>
        <source>Then choose the downloaded folder (the one with config.json, the *.safetensors files and tokenizer.json) with Browse… and press Load. A GGUF file of the same model (.gguf) can be chosen instead of a folder.</source>
        <translation>Choisissez ensuite le dossier téléchargé (celui qui contient config.json, les fichiers *.safetensors et tokenizer.json) avec «&#xa0;Parcourir…&#xa0;» et appuyez sur «&#xa0;Charger&#xa0;». Un fichier GGUF du même modèle (.gguf) peut être choisi à la place d’un dossier.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ModelPanel</name>
    <message>
        <source>Load</source>
        <translation>Charger</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Décharger</translation>
    </message>
    <message>
        <source>Folder with config.json and *.safetensors, or a .gguf file</source>
        <translation>Dossier avec config.json et *.safetensors, ou un fichier .gguf</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>Choisir le dossier du modèle</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Récents</translation>
    </message>
    <message>
        <source>Models loaded recently</source>
        <translation>Modèles chargés récemment</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Périphérique&#xa0;:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Mémoire&#xa0;:</translation>
    </message>
    <message>
        <source>%1 is chosen; it loads once the engine is ready.</source>
        <translation>%1 est choisi&#xa0;; il se chargera dès que le moteur sera prêt.</translation>
    </message>
    <message>
        <source>Choose a GGUF model file</source>
        <translation>Choisir un fichier de modèle GGUF</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>Modèles GGUF (*.gguf);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>No model loaded yet</source>
        <translation>Aucun modèle chargé pour l’instant</translation>
    </message>
    <message>
        <source>Choose a .gguf File…</source>
        <translation>Choisir un fichier .gguf…</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Vider la liste</translation>
    </message>
    <message>
        <source>Load the model onto the device</source>
        <translation>Charger le modèle sur le périphérique</translation>
    </message>
    <message>
        <source>Free the model&apos;s memory</source>
        <translation>Libérer la mémoire du modèle</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Aucun modèle n’est chargé.</translation>
    </message>
    <message>
        <source>Nothing loaded.</source>
        <translation>Rien n’est chargé.</translation>
    </message>
    <message>
        <source>%1 MiB on the device: weights %2 MiB, context cache %3 MiB (%4 tokens)</source>
        <translation>%1&#xa0;Mio sur le périphérique&#xa0;: poids %2&#xa0;Mio, cache de contexte %3&#xa0;Mio (%4&#xa0;jetons)</translation>
    </message>
    <message>
        <source>Per-layer embedding table on the device: %1 MiB of the weights</source>
        <translation>Table d’embeddings par couche sur le périphérique&#xa0;: %1&#xa0;Mio des poids</translation>
    </message>
    <message>
        <source>Per-layer embedding table in host memory: prompts start a little later</source>
        <translation>Table d’embeddings par couche en mémoire hôte&#xa0;: les invites démarrent un peu plus tard</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %n layer(s)</source>
        <translation>
            <numerusform>%1&#xa0;: %2, %n couche</numerusform>
            <numerusform>%1&#xa0;: %2, %n couches</numerusform>
        </translation>
    </message>
    <message>
        <source>No tokenizer or chat template in the folder: text prompts cannot be used.</source>
        <translation>Ni tokeniseur ni gabarit de conversation dans le dossier&#xa0;: les invites textuelles sont impossibles.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::OutputPanel</name>
    <message>
        <source>Thoughts</source>
        <translation>Réflexions</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Masquer ce message</translation>
    </message>
    <message>
        <source>The model&apos;s answer will appear here.</source>
        <translation>La réponse du modèle apparaîtra ici.</translation>
    </message>
    <message>
        <source>No thoughts: thinking is off or the model went straight to the answer.</source>
        <translation>Aucune réflexion&#xa0;: la réflexion est désactivée ou le modèle a répondu directement.</translation>
    </message>
    <message>
        <source>Render headings, lists, tables and code in the answer</source>
        <translation>Afficher titres, listes, tableaux et code dans la réponse</translation>
    </message>
    <message>
        <source>Decoding speed of the last answer</source>
        <translation>Vitesse de décodage de la dernière réponse</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the answer to the clipboard</source>
        <translation>Copier la réponse dans le presse-papiers</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>— tok/s</source>
        <translation>— jetons/s</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1&#xa0;jetons/s</translation>
    </message>
</context>
<context>
    <name>gwb::ui::PromptPanel</name>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Tous médias</translation>
    </message>
    <message>
        <source>Let the model think first</source>
        <translation>Laisser le modèle réfléchir d’abord</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Exécuter</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>&amp;Tâche&#xa0;:</translation>
    </message>
    <message>
        <source>Stop the running request (Esc)</source>
        <translation>Arrêter la requête en cours (Échap)</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Médias</translation>
    </message>
    <message>
        <source>Files given to the model, in this order. Drop more anywhere.</source>
        <translation>Fichiers donnés au modèle, dans cet ordre. Déposez-en d’autres n’importe où.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Remove the selected files from the request</source>
        <translation>Retirer les fichiers sélectionnés de la requête</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1&#xa0;jetons</translation>
    </message>
    <message>
        <source>Soft tokens per image: more tokens read small text better but run slower</source>
        <translation>Jetons par image&#xa0;: davantage de jetons lisent mieux les petits textes mais sont plus lents</translation>
    </message>
    <message>
        <source>The answer stops after this many tokens</source>
        <translation>La réponse s’arrête après ce nombre de jetons</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (glouton)</translation>
    </message>
    <message>
        <source>0 gives the same answer every time; higher values vary more</source>
        <translation>0 donne toujours la même réponse&#xa0;; des valeurs plus élevées varient davantage</translation>
    </message>
    <message>
        <source>Image budget:</source>
        <translation>Budget par image&#xa0;:</translation>
    </message>
    <message>
        <source>Max answer tokens:</source>
        <translation>Jetons de réponse max.&#xa0;:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Température&#xa0;:</translation>
    </message>
    <message>
        <source>Optional: instructions for the model</source>
        <translation>Facultatif&#xa0;: instructions pour le modèle</translation>
    </message>
    <message>
        <source>Sent as the system turn before your prompt</source>
        <translation>Envoyé comme message système avant votre invite</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>valeur du modèle</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0: no limit)</source>
        <translation>Échantillonner seulement parmi les k jetons les plus probables (0&#xa0;: sans limite)</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens that together reach this probability</source>
        <translation>Échantillonner seulement parmi les jetons les plus probables qui atteignent ensemble cette probabilité</translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer</source>
        <translation>La même graine et les mêmes réglages donnent la même réponse</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>Invite système&#xa0;:</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k&#xa0;:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p&#xa0;:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine&#xa0;:</translation>
    </message>
    <message>
        <source>More options</source>
        <translation>Plus d’options</translation>
    </message>
    <message>
        <source>Add an image file first (drop one anywhere).</source>
        <translation>Ajoutez d’abord un fichier image (déposez-le n’importe où).</translation>
    </message>
    <message>
        <source>Add an audio file first (drop one anywhere).</source>
        <translation>Ajoutez d’abord un fichier audio (déposez-le n’importe où).</translation>
    </message>
    <message>
        <source>Add a video file first (drop one anywhere).</source>
        <translation>Ajoutez d’abord un fichier vidéo (déposez-le n’importe où).</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Écrivez d’abord une invite.</translation>
    </message>
    <message>
        <source>Run the task (Ctrl+Return)</source>
        <translation>Exécuter la tâche (Ctrl+Entrée)</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ResultExporter</name>
    <message>
        <source>&amp;Export Result…</source>
        <translation>&amp;Exporter le résultat…</translation>
    </message>
    <message>
        <source>Export &amp;As</source>
        <translation>Exporter &amp;en</translation>
    </message>
    <message>
        <source>&amp;Copy Detections as JSON</source>
        <translation>&amp;Copier les détections en JSON</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exporté vers %1.</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Remplacer le fichier&#xa0;?</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 existe déjà. Le remplacer&#xa0;?</translation>
    </message>
    <message>
        <source>There are no detections to copy; run Detect or Point on an image first.</source>
        <translation>Il n’y a aucune détection à copier&#xa0;; lancez d’abord «&#xa0;Détecter des objets&#xa0;» ou «&#xa0;Pointer des objets&#xa0;» sur une image.</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n detection(s) as JSON.</source>
        <translation>
            <numerusform>%n détection copiée en JSON.</numerusform>
            <numerusform>%n détections copiées en JSON.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gwb::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <source>Automatic (the best GPU; the CPU only when there is none)</source>
        <translation>Automatique (le meilleur GPU&#xa0;; le processeur seulement s’il n’y en a aucun)</translation>
    </message>
    <message>
        <source>A device index (0, 1, …) or part of its name, as listed by “gemma-workbench-cli devices”</source>
        <translation>Un numéro de périphérique (0, 1, …) ou une partie de son nom, comme les affiche «&#xa0;gemma-workbench-cli devices&#xa0;»</translation>
    </message>
    <message>
        <source>Next to each input file</source>
        <translation>À côté de chaque fichier d’entrée</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Export Folder</source>
        <translation>Dossier d’export</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Périphérique&#xa0;:</translation>
    </message>
    <message>
        <source>The device is opened when the app starts: a change applies after a restart.</source>
        <translation>Le périphérique est ouvert au démarrage de l’application&#xa0;: un changement s’applique après un redémarrage.</translation>
    </message>
    <message>
        <source>&amp;Export folder:</source>
        <translation>Dossier d’&amp;export&#xa0;:</translation>
    </message>
    <message>
        <source>Defaults for new requests</source>
        <translation>Valeurs par défaut des nouvelles requêtes</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1&#xa0;jetons</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (glouton)</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>valeur du modèle</translation>
    </message>
    <message>
        <source>&amp;Image budget:</source>
        <translation>&amp;Budget par image&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Max new tokens:</source>
        <translation>&amp;Nouveaux jetons max.&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Température&#xa0;:</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-&amp;k&#xa0;:</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p&#xa0;:</translation>
    </message>
    <message>
        <source>OK sets these in the Prompt panel now; new windows start with them.</source>
        <translation>OK les applique maintenant au panneau «&#xa0;Invite&#xa0;»&#xa0;; les nouvelles fenêtres démarrent avec elles.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apparence</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Suivre le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>The language changes after a restart.</source>
        <translation>La langue change après un redémarrage.</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;hème&#xa0;:</translation>
    </message>
    <message>
        <source>The theme changes at once.</source>
        <translation>Le thème change immédiatement.</translation>
    </message>
</context>
<context>
    <name>gwb::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Search actions or keys</source>
        <translation>Rechercher une action ou une touche</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Où</translation>
    </message>
</context>
<context>
    <name>gwb::ui::StartupOptions</name>
    <message>
        <source>Run Gemma 4 models on images, audio and video, locally.</source>
        <translation>Exécuter les modèles Gemma 4 sur des images, du son et des vidéos, en local.</translation>
    </message>
    <message>
        <source>Save a PNG of the window after startup and exit.</source>
        <translation>Enregistrer un PNG de la fenêtre après le démarrage, puis quitter.</translation>
    </message>
    <message>
        <source>Start with the default panel layout.</source>
        <translation>Démarrer avec la disposition des panneaux par défaut.</translation>
    </message>
    <message>
        <source>Files or folders to open.</source>
        <translation>Fichiers ou dossiers à ouvrir.</translation>
    </message>
    <message>
        <source>User interface language (e.g. de, fr, en).</source>
        <translation>Langue de l’interface (p. ex. de, fr, en).</translation>
    </message>
</context>
<context>
    <name>gwb::ui::TaskCatalog</name>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Optional: what the caption should focus on</source>
        <translation>Facultatif&#xa0;: ce sur quoi la légende doit porter</translation>
    </message>
    <message>
        <source>Read text (OCR)</source>
        <translation>Lire le texte (OCR)</translation>
    </message>
    <message>
        <source>Optional: which part of the page to read</source>
        <translation>Facultatif&#xa0;: quelle partie de la page lire</translation>
    </message>
    <message>
        <source>Detect objects</source>
        <translation>Détecter des objets</translation>
    </message>
    <message>
        <source>Optional: objects to find, e.g. &quot;cars, people&quot;</source>
        <translation>Facultatif&#xa0;: objets à trouver, p. ex. «&#xa0;voitures, personnes&#xa0;»</translation>
    </message>
    <message>
        <source>Point at objects</source>
        <translation>Pointer des objets</translation>
    </message>
    <message>
        <source>Objects to point at</source>
        <translation>Objets à pointer</translation>
    </message>
    <message>
        <source>Ask about the image</source>
        <translation>Question sur l’image</translation>
    </message>
    <message>
        <source>Your question about the image</source>
        <translation>Votre question sur l’image</translation>
    </message>
    <message>
        <source>Transcribe</source>
        <translation>Transcrire</translation>
    </message>
    <message>
        <source>Optional: spoken language or names to spell right</source>
        <translation>Facultatif&#xa0;: langue parlée ou noms à bien orthographier</translation>
    </message>
    <message>
        <source>Translate speech</source>
        <translation>Traduire la parole</translation>
    </message>
    <message>
        <source>Target language, e.g. &quot;English&quot;</source>
        <translation>Langue cible, p. ex. «&#xa0;anglais&#xa0;»</translation>
    </message>
    <message>
        <source>Summarize</source>
        <translation>Résumer</translation>
    </message>
    <message>
        <source>Optional: length or focus of the summary</source>
        <translation>Facultatif&#xa0;: longueur ou angle du résumé</translation>
    </message>
    <message>
        <source>Ask about the audio</source>
        <translation>Question sur l’enregistrement</translation>
    </message>
    <message>
        <source>Your question about the recording</source>
        <translation>Votre question sur l’enregistrement</translation>
    </message>
    <message>
        <source>Describe the video</source>
        <translation>Décrire la vidéo</translation>
    </message>
    <message>
        <source>Optional: what the description should cover</source>
        <translation>Facultatif&#xa0;: ce que la description doit couvrir</translation>
    </message>
    <message>
        <source>List actions with times</source>
        <translation>Lister les actions avec leurs horaires</translation>
    </message>
    <message>
        <source>Optional: which actions matter</source>
        <translation>Facultatif&#xa0;: quelles actions comptent</translation>
    </message>
    <message>
        <source>Ask about the video</source>
        <translation>Question sur la vidéo</translation>
    </message>
    <message>
        <source>Your question about the video</source>
        <translation>Votre question sur la vidéo</translation>
    </message>
    <message>
        <source>Free prompt</source>
        <translation>Invite libre</translation>
    </message>
    <message>
        <source>Write anything; attached media goes first</source>
        <translation>Écrivez ce que vous voulez&#xa0;; les médias joints passent en premier</translation>
    </message>
</context>
<context>
    <name>gwb::ui::TransportBar</name>
    <message>
        <source>Play or pause</source>
        <translation>Lire ou mettre en pause</translation>
    </message>
    <message>
        <source>Seek</source>
        <translation>Position</translation>
    </message>
</context>
<context>
    <name>gwb::ui::VideoPanel</name>
    <message>
        <source>No video</source>
        <translation>Aucune vidéo</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) a video task looks at</source>
        <translation>
            <numerusform>%n image qu’une tâche vidéo examine</numerusform>
            <numerusform>%n images qu’une tâche vidéo examine</numerusform>
        </translation>
    </message>
    <message>
        <source>No frames: %1</source>
        <translation>Aucune image&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cannot play %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Sampling frames…</source>
        <translation>Prélèvement des images…</translation>
    </message>
</context>
<context>
    <name>gwb::ui::WaveformView</name>
    <message>
        <source>No audio loaded. Drop a recording anywhere on the window.</source>
        <translation>Aucun son chargé. Déposez un enregistrement n’importe où dans la fenêtre.</translation>
    </message>
</context>
</TS>
