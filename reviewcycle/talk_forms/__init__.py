"""Talk forms with preparation (issue 20): the questions of each talk of a regeling version, the answers
on a review, and who may read them. Models in ``reviewcycle.models.talk_forms``; reading in
``selectors`` (the one visibility rule, ``can_see_answer``), writing in ``services``, the built-in forms
in ``builtin``, the condition on recording a talk in ``conditions``. Import the submodules directly: this
package is imported by the models (through ``conditions``) and so imports nothing itself."""
