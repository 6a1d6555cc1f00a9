// Words of the form that Decap's Dutch locale gets in the way of (issue 24).
//
// The save workflow's statuses (Decap's "Concept / Wordt beoordeeld / Klaar") sat right
// above the zelfevaluatie's own status (concept / vastgesteld): renamed so the two cannot be
// confused. Decap's Dutch phrases stay for everything else.
const WORKFLOW_WORDS = {
  status: "Publicatie: %{status}",
  draft: "in bewerking",
  inReview: "ter beoordeling",
  ready: "klaar om te publiceren",
};

export function renameWorkflow(CMS) {
  const nl = CMS.getLocale("nl");
  if (!nl) return;
  const list = nl.workflow && nl.workflow.workflowList;
  CMS.registerLocale("nl", {
    ...nl,
    editor: { ...nl.editor, editorToolbar: { ...nl.editor.editorToolbar, ...WORKFLOW_WORDS } },
    workflow: {
      ...nl.workflow,
      workflowList: list && {
        ...list,
        draftHeader: "In bewerking",
        inReviewHeader: "Ter beoordeling",
        readyHeader: "Klaar om te publiceren",
        onPublishingNotReadyEntry:
          'Alleen wijzigingen met de status "klaar om te publiceren" kunnen worden gepubliceerd.',
      },
    },
  });
}
