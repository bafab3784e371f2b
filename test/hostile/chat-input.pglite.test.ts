import { chatInputSuite } from "./chat-input-suite.js";

chatInputSuite("pglite");
