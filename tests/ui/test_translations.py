"""Qt's own buttons and dialogs speak Chinese too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from chuangcheng_desktop.ui.app import install_chinese_translations


def test_qt_standard_words_are_chinese(qapp):
    assert install_chinese_translations(qapp)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert "是" in QCoreApplication.translate("QPlatformTheme", "&Yes")
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
