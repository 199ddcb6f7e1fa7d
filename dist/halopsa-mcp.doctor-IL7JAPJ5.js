import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a,b,c}from"./halopsa-mcp.chunk-U43Q4ISW.js";import"./halopsa-mcp.chunk-EIJYTRRQ.js";import"./halopsa-mcp.chunk-QEKLSL6L.js";import"./halopsa-mcp.chunk-YN2HPP6I.js";import"./halopsa-mcp.chunk-GQU5NUPI.js";import"./halopsa-mcp.chunk-OALW6WVY.js";export{a as noToolProblem,b as runDoctor,c as runSetupCheck};
