// pdfmake 0.3 ships no type declarations; render-browser.ts types the part it uses.
declare module 'pdfmake/build/pdfmake';
